/**
 * Harnesses for Scribe's tests that use real processes and real sockets.
 * <p>
 * {@link dev.scribe.test.Deadlines} gives every test deadline from one factor ({@code SCRIBE_TEST_TIMEOUT_FACTOR}),
 * and one {@code await} that fails naming what it waited for.
 * <p>
 * {@link dev.scribe.test.ChildJvm} starts a main class in a child JVM with Scribe's JVM flags, reads its output line by
 * line with deadlines, and kills it with SIGKILL.
 * <p>
 * {@link dev.scribe.test.TcpProxy} sits between two nodes on 127.0.0.1 and injects link faults. Each connection it
 * accepts becomes a {@code Link} to the target with a {@code Pump} each way: the pump's reader thread reads chunks
 * into a bounded queue, its writer thread writes them out when the direction's {@code Fault} (kept in a {@code Lane}
 * shared by all connections) lets them go. The test thread swaps faults and the pumps are woken to look again.
 * <p>
 * {@link dev.scribe.test.LogCapture} reads back the log records the tests' SLF4J provider (slf4j-simple) prints to
 * standard error, to assert on what Scribe logged.
 */
package dev.scribe.test;
