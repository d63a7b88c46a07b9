/**
 * A small bank on the Scribe engine, to read top to bottom: {@link dev.scribe.examples.bank.BankCommand} (what a
 * client asks), {@link dev.scribe.examples.bank.AccountEvent} (what the journal keeps),
 * {@link dev.scribe.examples.bank.Account} (the aggregate, changed only by applying events),
 * {@link dev.scribe.examples.bank.Bank} (the rules, one handler per command, and the engine context) and
 * {@link dev.scribe.examples.bank.BalancesView} (a read model queried from any thread).
 *
 * <p>Data flows one way: a client thread sends a command; the business-logic thread decides it against the
 * account, journals the events as one record and applies them; the view then applies the same events on its own
 * thread. On launch the engine replays the journal through the same {@code apply} methods and the same view.
 *
 * <p>{@link dev.scribe.examples.bank.BankLoad} drives the bank from several threads and
 * {@link dev.scribe.examples.bank.BankDemo} runs it, restarts from the journal and checks the state is the same.
 * Meanwhile {@code ReadSide} reads the journal as a service would (a statement subscription with retries and dead
 * letters, a live query, an audit log) and, given a broker, {@code BankKafkaExport} exports every event to a Kafka
 * topic keyed by account id.
 */
package dev.scribe.examples.bank;
