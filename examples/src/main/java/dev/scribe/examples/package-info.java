/**
 * Runnable examples to start from. {@link dev.scribe.examples.Examples} is the entry point of
 * {@code bin/demo}; {@link dev.scribe.examples.JournalDemo} writes a sample journal of plain Java record events,
 * inspects it with the journal tool and replays it into balances.
 */
package dev.scribe.examples;
