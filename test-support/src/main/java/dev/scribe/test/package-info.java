/**
 * Harnesses for Scribe's tests that use real processes: {@link dev.scribe.test.ChildJvm} starts a main class in a
 * child JVM with Scribe's JVM flags, reads its output line by line with deadlines, and kills it with SIGKILL.
 */
package dev.scribe.test;
