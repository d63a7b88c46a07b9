/**
 * The files through which a running engine shows its state to other processes, in its directory and left there when
 * it stops or crashes: {@link dev.scribe.engine.monitor.CountersFile} ({@code counters.dat}, an Agrona counters
 * manager behind a versioned header) and {@link dev.scribe.engine.monitor.ErrorLogFile} ({@code errors.dat}, an
 * Agrona distinct error log behind the same header), both over {@link dev.scribe.engine.monitor.MappedFile}; and
 * {@link dev.scribe.engine.monitor.CountersSnapshot} and {@link dev.scribe.engine.monitor.ErrorLogSnapshot}, copies of
 * the counters and of the error log read from another process; and
 * {@link dev.scribe.engine.monitor.SnapshotRequestFile}, through which another process asks for a snapshot. The engine
 * writes the files (its package-private {@code EngineMonitor} and {@code EngineCounters}); the tools and the
 * replication tool read them. Public for those, not for applications.
 */
package dev.scribe.engine.monitor;
