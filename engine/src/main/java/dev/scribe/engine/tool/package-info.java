/**
 * The engine's command-line tools, each a {@link dev.scribe.journal.tool.Tool} with the shared argument parser and
 * exit codes: {@link dev.scribe.engine.tool.EngineStat} ({@code stat} and {@code errors}: an engine's counters and
 * error log, from another process), {@link dev.scribe.engine.tool.ReplayTool} ({@code replay}: the state as of a
 * position, rebuilt read-only) and {@link dev.scribe.engine.tool.JournalVerifyTool} ({@code journal verify --setup}:
 * every event checked against an application's registrations) and {@link dev.scribe.engine.tool.SnapshotTool}
 * ({@code snapshot}: ask a running engine for a snapshot). An application's {@link dev.scribe.engine.EngineSetup}
 * class, named on the command line, is loaded by {@link dev.scribe.engine.tool.SetupClass}. Each tool's work is also a
 * plain method returning what it found (and taking a {@link dev.scribe.journal.tool.Progress} where it is long), which
 * the {@code scribe} command line in the {@code cli} module calls; it prints their text or JSON.
 */
package dev.scribe.engine.tool;
