package dev.scribe.cli;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.EventCheck;
import dev.scribe.engine.tool.JournalVerifyTool;
import dev.scribe.engine.tool.SetupClass;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolDirectories;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scribe journal dump|verify|stat}: a journal directory, or the journal of an engine directory, opened
 * read-only beside a live writer ({@link JournalTool}; {@code --setup} brings in the application's codecs through
 * {@link JournalVerifyTool} and {@link EventCheck}).
 */
@Command(name = "journal", description = "Dump, verify or summarise a journal (read-only, beside a live writer).",
    subcommands = {JournalCommands.Dump.class, JournalCommands.Verify.class, JournalCommands.Stat.class,
        HelpCommand.class})
final class JournalCommands extends ToolCommand.Group
{
    private static final String DIR_DESCRIPTION = "A journal directory, or an engine directory whose journal is read.";

    /** Options every journal command takes. */
    abstract static class JournalCommand extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR_DESCRIPTION)
        Path dir;

        @Option(names = "--key-file", paramLabel = "FILE", description = "The journal's record MAC key, as hex " +
            "text: every record's MAC is checked.")
        Path keyFile;

        @Mixin
        Options.JsonOption json;

        @Mixin
        Options.ProgressOption progress;

        final ProgressBar bar(final String what)
        {
            return ProgressBar.start(io(), what, progress.progress, json.json);
        }
    }

    /** {@code journal dump}. */
    @Command(name = "dump", description = {"Print records as text: a line of header, a line an aggregate, a line an " +
        "event (its payload as hex, or decoded with --setup).", "With --json, one JSON object a record, a line each; " +
        "a progress bar only with --progress."})
    static final class Dump extends JournalCommand
    {
        @Option(names = "--from", paramLabel = "POSITION", converter = Converters.Position.class,
            description = "The first position to print (default: the first record).")
        long from = Journal.NULL_POSITION;

        @Option(names = "--to", paramLabel = "POSITION", converter = Converters.Position.class,
            description = "The last position to print (default: the last record).")
        long to = Long.MAX_VALUE;

        @Option(names = "--limit", paramLabel = "N", converter = Converters.PositiveLong.class,
            description = "Print at most N records.")
        long limit = Long.MAX_VALUE;

        @Option(names = "--setup", paramLabel = "CLASS", description = "The application's EngineSetup class, to " +
            "decode payloads to text; its classes go on SCRIBE_CLASSPATH.")
        String setup;

        @Override
        public Integer call()
        {
            if (from > to)
            {
                throw usage("--from " + PositionFormat.position(from) + " is after --to " +
                    PositionFormat.position(to));
            }
            final JournalTool.PayloadText payloads = null == setup ? JournalTool.PayloadText.HEX : decoder();
            final JournalTool.RecordHandler handler = json.json ?
                (position, cycle, sequence, record) -> io().out().println(Json.write(
                    record(position, cycle, sequence, record, payloads))) :
                JournalTool.printer(io().out(), payloads);
            final long dumped;
            // records go to the terminal too: a bar among them only when asked for
            try (ProgressBar bar = ProgressBar.start(new Io(io().out(), io().err(), false), "dump", progress.progress,
                json.json))
            {
                dumped = JournalTool.dump(dir, keyFile, from, to, limit, handler, bar);
            }
            if (!json.json)
            {
                io().err().println(dumped + " records");
            }
            return ToolExit.OK;
        }

        private JournalTool.PayloadText decoder()
        {
            final EngineSetup engineSetup = SetupClass.named(setup);
            final Path journalDir = ToolDirectories.journal(dir);
            final Path parent = journalDir.toAbsolutePath().normalize().getParent();
            final EventCheck check;
            try
            {
                check = EventCheck.of(engineSetup.context(null == parent ? journalDir : parent));
            }
            catch (final RuntimeException ex)
            {
                throw new ToolException(ToolExit.USAGE, "the setup's context is wrong: " + ex.getMessage());
            }
            return check::text;
        }

        private static Map<String, Object> record(final long position, final int cycle, final long sequence,
            final RecordView record, final JournalTool.PayloadText payloads)
        {
            final Map<String, Object> json = Json.object();
            json.put("position", Json.position(position));
            json.put("cycle", cycle);
            json.put("sequence", sequence);
            json.put("epoch", record.epoch());
            json.put("time", JournalTool.timestamp(record.timestampNs()));
            json.put("timestampNs", record.timestampNs());
            json.put("correlationId", record.correlationId());
            json.put("causationId", record.causationId());
            json.put("idempotencyKey", record.idempotencyKey());
            json.put("crc32c", String.format(Locale.ROOT, "%08x", record.crc32c()));
            json.put("length", record.length());
            final List<Object> aggregates = new ArrayList<>();
            for (int i = 0; i < record.aggregateCount(); i++)
            {
                final Map<String, Object> aggregate = Json.object();
                aggregate.put("id", record.aggregateId(i));
                aggregate.put("version", record.aggregateVersion(i));
                aggregates.add(aggregate);
            }
            json.put("aggregates", aggregates);
            final List<Object> events = new ArrayList<>();
            for (int i = 0; i < record.eventCount(); i++)
            {
                final Map<String, Object> event = Json.object();
                event.put("aggregate", record.eventAggregateIndex(i));
                event.put("typeId", record.eventTypeId(i));
                event.put("version", record.eventVersion(i));
                event.put("bytes", record.payloadLength(i));
                event.put("payload", hex(record, i));
                event.put("text", payloads.text(record, i));
                events.add(event);
            }
            json.put("events", events);
            return json;
        }

        private static String hex(final RecordView record, final int index)
        {
            final StringBuilder text = new StringBuilder();
            final int offset = record.payloadOffset(index);
            for (int i = 0; i < record.payloadLength(index); i++)
            {
                text.append(String.format(Locale.ROOT, "%02x", record.buffer().getByte(offset + i)));
            }
            return text.toString();
        }
    }

    /** {@code journal verify}. */
    @Command(name = "verify", description = {"Check every file and record: CRC32C, structure, and MACs given the " +
        "key.", "With --setup, also decode every event with the application's codecs, as a launch will.",
        "Exit 1 if anything is wrong."})
    static final class Verify extends JournalCommand
    {
        @Option(names = "--setup", paramLabel = "CLASS", description = "The application's EngineSetup class; its " +
            "classes go on SCRIBE_CLASSPATH.")
        String setup;

        @Override
        public Integer call()
        {
            if (null != setup && null != keyFile)
            {
                throw usage("--setup and --key-file do not go together: verify the MACs without --setup");
            }
            if (null != setup)
            {
                final EngineSetup engineSetup = SetupClass.named(setup);
                final JournalVerifyTool.Verification verification;
                try (ProgressBar bar = bar("verify"))
                {
                    verification = JournalVerifyTool.verify(engineSetup, dir, bar);
                }
                if (json.json)
                {
                    final Map<String, Object> out = verification(verification.directory(), verification.healthy(),
                        true, verification.records(), verification.bad(), verification.firstBad(),
                        verification.problems());
                    out.put("events", verification.events());
                    io().out().println(Json.write(out));
                }
                else
                {
                    JournalVerifyTool.print(io().out(), verification);
                }
                return verification.ok() ? ToolExit.OK : ToolExit.FAILED;
            }
            final JournalTool.Verification verification;
            try (ProgressBar bar = bar("verify"))
            {
                verification = JournalTool.verify(dir, keyFile, bar);
            }
            if (json.json)
            {
                io().out().println(Json.write(verification(verification.directory(), verification.healthy(),
                    verification.macsChecked(), verification.records(), verification.bad(), verification.firstBad(),
                    verification.problems())));
            }
            else
            {
                JournalTool.print(io().out(), verification);
            }
            return verification.ok() ? ToolExit.OK : ToolExit.FAILED;
        }

        private static Map<String, Object> verification(final Path directory, final boolean healthy,
            final boolean macsChecked, final long records, final long bad, final long firstBad,
            final List<String> problems)
        {
            final Map<String, Object> json = Json.object();
            json.put("directory", directory.toString());
            json.put("healthy", healthy);
            json.put("macsChecked", macsChecked);
            json.put("records", records);
            json.put("ok", records - bad);
            json.put("bad", bad);
            json.put("firstBad", Json.position(firstBad));
            json.put("problems", problems);
            return json;
        }
    }

    /** {@code journal stat}. */
    @Command(name = "stat", description = "Count records, events and bytes; show the first and last positions and " +
        "the cycle files.")
    static final class Stat extends JournalCommand
    {
        @Override
        public Integer call()
        {
            final JournalTool.Stat stat;
            try (ProgressBar bar = bar("stat"))
            {
                stat = JournalTool.stat(dir, keyFile, bar);
            }
            if (!json.json)
            {
                JournalTool.print(io().out(), stat);
                return ToolExit.OK;
            }
            final Map<String, Object> out = Json.object();
            out.put("directory", stat.directory().toString());
            out.put("format", stat.format());
            out.put("records", stat.records());
            out.put("events", stat.events());
            out.put("recordBytes", stat.recordBytes());
            out.put("firstPosition", Json.position(stat.firstPosition()));
            out.put("firstCycle", stat.firstCycle());
            out.put("firstSequence", stat.firstSequence());
            out.put("lastPosition", Json.position(stat.lastPosition()));
            out.put("lastCycle", stat.lastCycle());
            out.put("lastSequence", stat.lastSequence());
            final List<Object> files = new ArrayList<>();
            for (final JournalTool.CycleFile file : stat.cycleFiles())
            {
                final Map<String, Object> entry = Json.object();
                entry.put("name", file.name());
                entry.put("bytes", file.bytes());
                files.add(entry);
            }
            out.put("cycleFiles", files);
            out.put("fileBytes", stat.fileBytes());
            io().out().println(Json.write(out));
            return ToolExit.OK;
        }
    }
}
