/**
 * The {@code scribe} command line: {@link dev.scribe.cli.ScribeCli} dispatches to the tools of the other modules
 * (the journal tool, and the engine's stat and errors tools). Started by {@code bin/scribe}, which adds the JVM
 * flags Chronicle and Agrona need.
 */
package dev.scribe.cli;
