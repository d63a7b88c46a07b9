/**
 * Scribe's JMH benchmarks and latency harness, each measuring a Scribe path next to the raw limit of the library
 * under it, in the same run, so the ratio means something on whatever machine runs it.
 *
 * <p>{@link dev.scribe.bench.BenchMain} is the entry point of {@code benchmarks.jar}: JMH's command line, with the
 * JVM flags from the build's {@code scribe-jvm.properties} added to every fork (plus the JDK 24+ set on JDK 24 and
 * later). Each trial writes under a fresh directory ({@code -Dscribe.bench.dir}, default {@code java.io.tmpdir})
 * deleted at its end.
 *
 * <p>Journal: {@link dev.scribe.bench.JournalAppendBenchmark} compares building and appending a journal record with a
 * raw Chronicle Queue append of the same bytes and of the payload alone;
 * {@link dev.scribe.bench.JournalReadBenchmark} compares reading the records back, CRC32C checked, through a
 * {@link dev.scribe.journal.JournalTailer} with a raw Chronicle tailer reading the same documents.
 * {@link dev.scribe.bench.JournalReport} turns the JSON result file into the journal tables of
 * {@code docs/BENCHMARKS.md}.
 *
 * <p>Engine: every engine benchmark runs the same small bank ({@code BenchBank}: 1024 accounts, deposits and
 * withdrawals, each command journaling one record) with a balances projection ({@code Balances}).
 * {@link dev.scribe.bench.EngineThroughputBenchmark} sends commands from one or two producer threads, each with a
 * bounded window of outstanding outcomes ({@code SendWindow}), through the whole engine: ring, business logic,
 * journal, responder, projection. {@link dev.scribe.bench.PlainBankBenchmark} measures the same workload, the same
 * way, on {@code PlainBankBaseline}, a plain design of a blocking queue, one consumer thread, a synchronized handler
 * and one file write per command. {@link dev.scribe.bench.BankRecordAppendBenchmark} is the raw limit under both: a
 * Chronicle append of the engine's record bytes, and the journal's build-and-append of that record.
 * {@link dev.scribe.bench.EngineReport} turns their JSON result into the engine tables, with the ratios and targets.
 * {@link dev.scribe.bench.ProcessorBenchmark} runs the business logic alone on one thread (no ring), and
 * {@link dev.scribe.bench.BinaryEngineBenchmark} the allocation-free path end to end.
 * {@link dev.scribe.bench.LatencyHarness} sends the bank's commands at fixed rates and reports send-to-outcome
 * latency percentiles corrected for coordinated omission; it re-runs itself in a child JVM with the flags
 * ({@code Relauncher}).
 *
 * <p>Replication: {@link dev.scribe.bench.ReplicationThroughputBenchmark} runs the same bank and producer on the
 * primary of a {@code ReplicatedPair}, a primary and a live standby replication node in the fork linked over
 * 127.0.0.1, at {@code JOURNALED} and {@code REPLICATED}; {@link dev.scribe.bench.ReplicationReport} turns its JSON
 * result into the replication table, with the REPLICATED / JOURNALED ratio and target.
 * {@code LatencyHarness --standby} measures the latency of such a primary. {@link dev.scribe.bench.FailoverTimer}
 * starts a primary and a standby {@link dev.scribe.bench.FailoverNode} as child JVMs with the flags, kills the loaded
 * primary with SIGKILL and times the standby's promotion and first accepted command.
 *
 * <p>Snapshots and recovery: {@link dev.scribe.bench.RecoveryReport} measures, on bank journals of a million and ten
 * million events ({@code RecoveryFixture}, written once in the engine's record format and cached), the raw Chronicle
 * read-back rate, the engine's full replay at launch, the business-logic pause of a snapshot, and recovery from a
 * snapshot plus a short tail; it re-runs itself in a child JVM with the flags, as the latency harness does.
 *
 * <p>The report: {@link dev.scribe.bench.BenchReport} ({@code bin/bench-report}) runs the standard set in one go,
 * JMH's benchmarks through its {@code Runner} ({@code ReportJmh}) and the latency and recovery harnesses in its own
 * JVM, turns their figures into sections ({@code ReportSections}) with the machine's facts and its load average
 * through the run ({@code MachineFacts}), and writes {@code report.json} and a self-contained {@code report.html}
 * through {@link dev.scribe.bench.report}.
 */
package dev.scribe.bench;
