/**
 * Runnable examples to start from. {@link dev.scribe.examples.Examples} is the entry point of {@code bin/demo}:
 * without arguments it runs the bank demo ({@link dev.scribe.examples.bank.BankDemo}, in the
 * {@code dev.scribe.examples.bank} package: a bank on the engine, loaded from several threads and restarted from
 * its journal); {@code bin/demo journal} runs {@link dev.scribe.examples.JournalDemo}, which writes a sample journal
 * of plain Java record events without the engine, inspects it with the journal tool and replays it into balances.
 */
package dev.scribe.examples;
