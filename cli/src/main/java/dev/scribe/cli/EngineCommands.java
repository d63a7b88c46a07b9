package dev.scribe.cli;

import dev.scribe.engine.Recovery;
import dev.scribe.engine.SagaView;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.monitor.ErrorLogSnapshot;
import dev.scribe.engine.tool.EngineStat;
import dev.scribe.engine.tool.ReplayTool;
import dev.scribe.engine.tool.SagaTool;
import dev.scribe.engine.tool.SetupClass;
import dev.scribe.engine.tool.SnapshotTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine's commands: {@code stat}, {@code errors}, {@code snapshot}, {@code replay} and {@code sagas}, each
 * the work of a tool of {@code dev.scribe.engine.tool}.
 */
final class EngineCommands
{
    private static final String DIR = "The engine directory.";

    private EngineCommands()
    {
    }

    /** {@code stat}. */
    @Command(name = "stat", description = {"An engine's counters, read from another process: id, value and label.",
        "With --watch, again every SECONDS (with --json, one JSON object a reading, a line each)."})
    static final class Stat extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = "The engine directory, or its counters file.")
        Path dir;

        @Option(names = "--watch", paramLabel = "SECONDS", converter = Converters.Seconds.class,
            description = "Print the counters again every SECONDS (fractions allowed) until interrupted.")
        Double watch;

        @Option(names = "--count", paramLabel = "N", converter = Converters.PositiveLong.class,
            description = "With --watch: print them N times, then stop.")
        Long count;

        @Mixin
        Options.JsonOption json;

        @Override
        public Integer call()
        {
            if (null != count && null == watch)
            {
                throw usage("--count needs --watch");
            }
            final Path file = EngineStat.countersFile(dir);
            if (null == watch)
            {
                print(CountersSnapshot.read(file));
                return ToolExit.OK;
            }
            return EngineStat.watch(file, Converters.millis(watch), null == count ? Long.MAX_VALUE : count,
                this::print, json.json ? null : io().out(), io().err());
        }

        private void print(final CountersSnapshot snapshot)
        {
            if (!json.json)
            {
                EngineStat.print(io().out(), snapshot);
                return;
            }
            final Map<String, Object> out = Json.object();
            out.put("file", snapshot.file().toString());
            out.put("pid", snapshot.pid());
            out.put("processAlive", snapshot.processAlive());
            out.put("started", Instant.ofEpochMilli(snapshot.startTimeMs()).toString());
            final List<Object> counters = new ArrayList<>();
            for (final CountersSnapshot.Counter counter : snapshot.counters())
            {
                final Map<String, Object> entry = Json.object();
                entry.put("id", counter.id());
                entry.put("typeId", counter.typeId());
                entry.put("label", counter.label());
                entry.put("value", counter.value());
                if (counter.isPosition())
                {
                    entry.put("position", PositionFormat.position(counter.value()));
                }
                counters.add(entry);
            }
            out.put("counters", counters);
            io().out().println(Json.write(out));
        }
    }

    /** {@code errors}. */
    @Command(name = "errors", description = "An engine's distinct errors, with counts and first and last times.")
    static final class Errors extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = "The engine directory, or an error log file " +
            "(a kept errors-*.dat, say).")
        Path dir;

        @Mixin
        Options.JsonOption json;

        @Override
        public Integer call()
        {
            final Path file = EngineStat.errorLogFile(dir);
            if (!json.json)
            {
                return EngineStat.printErrors(io().out(), file);
            }
            final ErrorLogSnapshot log = ErrorLogSnapshot.read(file);
            final Map<String, Object> out = Json.object();
            out.put("file", log.file().toString());
            out.put("pid", log.pid());
            final List<Object> errors = new ArrayList<>();
            for (final ErrorLogSnapshot.DistinctError error : log.errors())
            {
                final Map<String, Object> entry = Json.object();
                entry.put("observations", error.observations());
                entry.put("first", Instant.ofEpochMilli(error.firstMs()).toString());
                entry.put("last", Instant.ofEpochMilli(error.lastMs()).toString());
                entry.put("text", error.text());
                errors.add(entry);
            }
            out.put("errors", errors);
            io().out().println(Json.write(out));
            return ToolExit.OK;
        }
    }

    /** {@code snapshot}. */
    @Command(name = "snapshot", description = {"Ask a running engine (launched with a snapshot policy) for a " +
        "snapshot now, and wait until it is written.", "Exit 1 if none was written within the wait."})
    static final class Snapshot extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Option(names = "--wait", paramLabel = "SECONDS", converter = Converters.Seconds.class,
            description = "How long to wait for the snapshot (default: ${DEFAULT-VALUE}).")
        double wait = 60;

        @Override
        public Integer call()
        {
            return new SnapshotTool(io().out(), io().err()).request(dir, (long)Math.ceil(wait));
        }
    }

    /** {@code replay}. */
    @Command(name = "replay", description = {"Rebuild an application's state read-only; print the replay rate, the " +
        "position and the state hash.", "To check a journal, to time recovery, or to see the state as of a position."})
    static final class Replay extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Mixin
        Options.SetupOption setup;

        @Option(names = "--to", paramLabel = "POSITION", converter = Converters.Position.class,
            description = "The last position to apply (default: the whole journal).")
        long to = Long.MAX_VALUE;

        @Option(names = "--no-snapshots", description = "Replay from the start of the journal, not from a snapshot.")
        boolean noSnapshots;

        @Mixin
        Options.JsonOption json;

        @Mixin
        Options.ProgressOption progress;

        @Override
        public Integer call()
        {
            final ReplayTool.Replay replay;
            try (ProgressBar bar = ProgressBar.start(io(), "replay", progress.progress, json.json))
            {
                replay = ReplayTool.replay(SetupClass.named(setup.setup), dir, to, !noSnapshots, bar);
            }
            if (!json.json)
            {
                ReplayTool.print(io().out(), replay);
                return ToolExit.OK;
            }
            final Recovery recovery = replay.recovery();
            final Map<String, Object> out = Json.object();
            out.put("snapshot", null == recovery.snapshot() ? null : recovery.snapshot().toString());
            out.put("snapshotPosition", Json.position(recovery.snapshotPosition()));
            out.put("skipped", recovery.skipped());
            out.put("replayedRecords", recovery.replayedRecords());
            out.put("replayMillis", recovery.nanos() / 1_000_000);
            out.put("position", Json.position(replay.position()));
            out.put("aggregates", replay.aggregates());
            out.put("stateHash", PositionFormat.hash(replay.stateHash()));
            io().out().println(Json.write(out));
            return ToolExit.OK;
        }
    }

    /** {@code sagas}. */
    @Command(name = "sagas", description = {"An application's saga runs that need a look (not ended, or FAILED), " +
        "with their step, age and reason; with --all, every run.", "Exit 1 if a run FAILED."})
    static final class Sagas extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Mixin
        Options.SetupOption setup;

        @Option(names = "--all", description = "Every run, with its history.")
        boolean all;

        @Mixin
        Options.JsonOption json;

        @Mixin
        Options.ProgressOption progress;

        @Override
        public Integer call()
        {
            final List<SagaView> runs;
            try (ProgressBar bar = ProgressBar.start(io(), "sagas", progress.progress, json.json))
            {
                runs = SagaTool.runs(SetupClass.named(setup.setup), dir, bar);
            }
            if (!json.json)
            {
                return SagaTool.print(io().out(), runs, all, Instant.now());
            }
            final List<Object> shown = new ArrayList<>();
            int failed = 0;
            for (final SagaView run : runs)
            {
                failed += SagaTool.failed(run) ? 1 : 0;
                if (all || SagaTool.needsALook(run))
                {
                    final Map<String, Object> entry = Json.object();
                    entry.put("saga", run.saga());
                    entry.put("id", run.id());
                    entry.put("status", run.status());
                    entry.put("step", run.step());
                    entry.put("compensating", run.compensating());
                    entry.put("timedOut", run.timedOut());
                    entry.put("reason", run.reason());
                    entry.put("started", Instant.ofEpochSecond(0, run.startedNs()).toString());
                    entry.put("changed", Instant.ofEpochSecond(0, run.changedNs()).toString());
                    entry.put("history", run.history());
                    shown.add(entry);
                }
            }
            final Map<String, Object> out = Json.object();
            out.put("runs", shown);
            out.put("total", runs.size());
            out.put("shown", shown.size());
            out.put("failed", failed);
            io().out().println(Json.write(out));
            return failed > 0 ? ToolExit.FAILED : ToolExit.OK;
        }
    }
}
