/**
 * Runnable examples to start from. {@link dev.scribe.examples.Examples} is the entry point of {@code bin/demo}:
 * without arguments it runs the bank demo ({@link dev.scribe.examples.bank.BankDemo}, in the
 * {@code dev.scribe.examples.bank} package: a bank on the engine, loaded from several threads and restarted from
 * its journal); {@code bin/demo journal} runs {@link dev.scribe.examples.JournalDemo}, which writes a sample journal
 * of plain Java record events without the engine, inspects it with the journal tool and replays it into balances;
 * {@code bin/demo failover} and {@code bin/demo orders} run the fail-over and order demos of the
 * {@code dev.scribe.examples.failover} and {@code dev.scribe.examples.orders} packages. Each demo says its steps in
 * words ({@link dev.scribe.examples.Progress} for long ones), and with {@code --metrics-port PORT}
 * ({@code MetricsOption}) serves its engine's meters for Prometheus
 * ({@link dev.scribe.examples.MetricsEndpoint}).
 */
package dev.scribe.examples;
