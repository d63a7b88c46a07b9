/**
 * The {@code scribe} command line: {@link dev.scribe.cli.ScribeCli} dispatches to the tools of the other modules
 * (the journal tool, the engine's stat and errors tools, and the replication tool). Started by {@code bin/scribe},
 * which adds the JVM flags Chronicle and Agrona need.
 */
package dev.scribe.cli;
