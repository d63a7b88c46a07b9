package dev.scribe.engine;

import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event types whose ids are not pinned: a fresh journal launches without a word; a journal that holds records fails
 * the launch by default, naming the types and the ids to pin them at, or launches with a warning if the context says
 * so; pinned at the ids named, the journal replays as before.
 */
class TypeIdCheckTest
{
    record Note(String notebook, String text) {}
    record Noted(String text) {}
    record Struck(String text) {}

    /** A notebook: what was noted. */
    static final class Notebook implements Aggregate
    {
        long notes;

        void apply(final Noted event)
        {
            notes++;
        }

        void apply(final Struck event)
        {
            notes--;
        }
    }

    @TempDir
    Path dir;

    private EngineContext notebooks()
    {
        return new EngineContext()
            .directory(dir)
            .aggregate(Notebook.class, Notebook::new)
            .command(Note.class, Note::notebook, (Note cmd, Notebook notebook, Decision out) ->
                out.emit(new Noted(cmd.text())));
    }

    private static List<LogCapture.Entry> engineWarnings(final LogCapture log)
    {
        return log.records("dev.scribe.engine").stream().filter(entry -> entry.level().equals("WARN")).toList();
    }

    @Test
    void aFreshJournalLaunchesWithoutAWord()
    {
        try (LogCapture log = LogCapture.start())
        {
            try (Engine engine = Engine.launch(notebooks()))
            {
                assertTrue(EngineBank.await(engine.send(new Note("n", "first"))).accepted());
            }
            assertEquals(List.of(), engineWarnings(log));
        }
    }

    @Test
    void aJournalWithRecordsFailsTheLaunchNamingTheTypesAndTheIdsToPin()
    {
        try (Engine engine = Engine.launch(notebooks()))
        {
            assertTrue(EngineBank.await(engine.send(new Note("n", "first"))).accepted());
        }
        final EngineException refused = assertThrows(EngineException.class, () -> Engine.launch(notebooks()));
        final String message = refused.getMessage();
        assertTrue(message.startsWith("event types " + Noted.class.getName() + ", " + Struck.class.getName() +
            " have no pinned type id, and the journal in " + dir.resolve("journal") + " already holds records"),
            message);
        assertTrue(message.contains("renaming the class would leave the events journaled under it undecodable"),
            message);
        assertTrue(message.contains("Pin the ids the journal uses now, before production: context.event(Noted.class, " +
            Registry.defaultTypeId(Noted.class) + ").event(Struck.class, " + Registry.defaultTypeId(Struck.class) +
            ")"), message);
        assertTrue(message.contains("EngineContext.unpinnedTypeIds(UnpinnedTypeIds.WARN)"), message);

        // the refused launch let the journal go: pinned at the ids named, it launches and replays as before
        try (Engine engine = Engine.launch(notebooks()
            .event(Noted.class, Registry.defaultTypeId(Noted.class))
            .event(Struck.class, Registry.defaultTypeId(Struck.class))))
        {
            assertEquals(1, engine.replayedRecords());
            assertTrue(EngineBank.await(engine.send(new Note("n", "second"))).accepted());
        }
    }

    @Test
    void aJournalWithRecordsLaunchesWithAWarningWhenTheContextSaysSo()
    {
        try (Engine engine = Engine.launch(notebooks().event(Noted.class, 7)))
        {
            assertTrue(EngineBank.await(engine.send(new Note("n", "first"))).accepted());
        }
        try (LogCapture log = LogCapture.start();
            Engine engine = Engine.launch(notebooks().event(Noted.class, 7).unpinnedTypeIds(UnpinnedTypeIds.WARN)))
        {
            assertEquals(1, engine.replayedRecords());
            final List<LogCapture.Entry> warnings = engineWarnings(log);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).message().startsWith("event type " + Struck.class.getName() + " has no " +
                "pinned type id"), warnings.get(0).message());
            assertTrue(warnings.get(0).message().endsWith("before production: context.event(Struck.class, " +
                Registry.defaultTypeId(Struck.class) + ")"), warnings.get(0).message());
        }
    }

    @Test
    void theSystemPropertyNamesThePolicy()
    {
        final String property = EngineConfiguration.UNPINNED_TYPE_IDS_PROP_NAME;
        try
        {
            System.setProperty(property, " warn ");
            assertEquals(UnpinnedTypeIds.WARN, notebooks().conclude().unpinnedTypeIds());
            System.setProperty(property, "maybe");
            final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> notebooks().conclude());
            assertEquals("system property " + property + " must be one of [FAIL, WARN]: 'maybe'", wrong.getMessage());
        }
        finally
        {
            System.clearProperty(property);
        }
        assertEquals(UnpinnedTypeIds.FAIL, notebooks().conclude().unpinnedTypeIds());
    }
}
