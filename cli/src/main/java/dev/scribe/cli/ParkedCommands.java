package dev.scribe.cli;

import dev.scribe.engine.ParkedEvent;
import dev.scribe.engine.tool.ParkedTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code scribe parked list|skip|retry}: a subscription's dead-letter store ({@link ParkedTool}).
 */
@Command(name = "parked", description = "A subscription's parked events: list them, drop one, or ask the running " +
    "subscription to retry one.",
    subcommands = {ParkedCommands.ListCommand.class, ParkedCommands.Skip.class, ParkedCommands.Retry.class,
        HelpCommand.class})
final class ParkedCommands extends ToolCommand.Group
{
    /** The engine directory and the subscription. */
    abstract static class Subscription extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = "The engine directory.")
        Path dir;

        @Parameters(index = "1", paramLabel = "SUBSCRIPTION", description = "The subscription's name.")
        String name;
    }

    /** One parked event. */
    abstract static class One extends Subscription
    {
        @Parameters(index = "2", paramLabel = "POSITION", converter = Converters.Position.class,
            description = "The event's journal position, as list prints it.")
        long position;

        @Parameters(index = "3", paramLabel = "INDEX", converter = Converters.Index.class,
            description = "The event's index in its record, as list prints it.")
        int index;

        final int done(final boolean done, final String what)
        {
            if (!done)
            {
                io().err().println("parked: subscription " + name + " has no event parked at position " +
                    PositionFormat.position(position) + " index " + index + "; list them with: scribe parked list " +
                    dir + " " + name);
                return ToolExit.FAILED;
            }
            io().out().println(what);
            return ToolExit.OK;
        }
    }

    /** {@code parked list}. */
    @Command(name = "list", description = "The events a subscription parked: position, index, aggregate, event " +
        "type, attempts, when, and the error.")
    static final class ListCommand extends Subscription
    {
        @Mixin
        Options.JsonOption json;

        @Override
        public Integer call()
        {
            final List<ParkedEvent> parked = ParkedTool.list(dir, name);
            if (!json.json)
            {
                parked.forEach(event -> io().out().println(ParkedTool.describe(event)));
                io().err().println("parked: " + parked.size() + " event" + (1 == parked.size() ? "" : "s") +
                    " parked by subscription " + name);
                return ToolExit.OK;
            }
            final List<Object> events = new ArrayList<>();
            for (final ParkedEvent event : parked)
            {
                final Map<String, Object> entry = Json.object();
                entry.put("position", Json.position(event.position()));
                entry.put("index", event.index());
                entry.put("aggregateId", event.aggregateId());
                entry.put("eventType", event.eventType());
                entry.put("attempts", event.attempts());
                entry.put("parked", Instant.ofEpochMilli(event.parkedAtMillis()).toString());
                entry.put("error", event.error());
                events.add(entry);
            }
            final Map<String, Object> out = Json.object();
            out.put("subscription", name);
            out.put("events", events);
            io().out().println(Json.write(out));
            return ToolExit.OK;
        }
    }

    /** {@code parked skip}. */
    @Command(name = "skip", description = {"Drop a parked event.", "Exit 1 if none is parked there."})
    static final class Skip extends One
    {
        @Override
        public Integer call()
        {
            return done(ParkedTool.skip(dir, name, position, index), "skipped");
        }
    }

    /** {@code parked retry}. */
    @Command(name = "retry", description = {"Ask the running subscription to retry a parked event (it takes the " +
        "request within a second or so).", "Exit 1 if none is parked there."})
    static final class Retry extends One
    {
        @Override
        public Integer call()
        {
            return done(ParkedTool.retry(dir, name, position, index), "retry requested");
        }
    }
}
