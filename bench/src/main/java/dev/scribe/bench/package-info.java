/**
 * Scribe's JMH benchmarks, each measuring a Scribe path next to the raw limit of the library under it, in the same
 * run, so the ratio means something on whatever machine runs it.
 *
 * <p>{@link dev.scribe.bench.BenchMain} is the entry point of {@code benchmarks.jar}: JMH's command line, with the
 * JVM flags from the build's {@code scribe-jvm.properties} added to every fork (plus the JDK 24+ set on JDK 24 and
 * later). {@link dev.scribe.bench.JournalAppendBenchmark} compares building and appending a journal record with a
 * raw Chronicle Queue append of the same bytes and of the payload alone;
 * {@link dev.scribe.bench.JournalReadBenchmark} compares reading the records back, CRC32C checked, through a
 * {@link dev.scribe.journal.JournalTailer} with a raw Chronicle tailer reading the same documents. Each trial writes
 * under a fresh directory ({@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}) deleted at its end.
 * {@link dev.scribe.bench.JournalReport} turns the JSON result file into the tables of {@code docs/BENCHMARKS.md}.
 */
package dev.scribe.bench;
