package dev.scribe.examples.failover;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.examples.bank.BankCommand;
import dev.scribe.journal.Journal;

import dev.scribe.journal.PositionFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a node against what clients were told: a file of {@code ack KEY FROM TO AMOUNT POSITION} lines.
 */
final class AckLedger
{
    private AckLedger()
    {
    }

    /** Each acknowledged command's record, by its idempotency key, in the node's journal: once, at its position. */
    static String verify(final Engine engine, final Path acks) throws IOException
    {
        final Map<String, long[]> journaled = new HashMap<>();
        try (Journal journal = Journal.openReadOnly(engine.context().journalContext().directory()))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                if (record.idempotencyKeyLength() > 0)
                {
                    final long[] seen = journaled.computeIfAbsent(record.idempotencyKey(), k -> new long[2]);
                    seen[0]++;
                    seen[1] = position;
                }
            });
        }
        int found = 0;
        int missing = 0;
        int duplicates = 0;
        int moved = 0;
        final List<String> lines = ackLines(acks);
        for (final String line : lines)
        {
            final String[] words = line.split(" ");
            final long[] seen = journaled.get(words[1]);
            if (null == seen)
            {
                missing++;
            }
            else if (seen[0] > 1)
            {
                duplicates++;
            }
            else if (seen[1] != PositionFormat.parsePosition(words[5]))
            {
                moved++;
            }
            else
            {
                found++;
            }
        }
        return "found=" + found + " missing=" + missing + " duplicates=" + duplicates + " moved=" + moved + " of=" +
            lines.size();
    }

    /** Send each acknowledged transfer again with its key: the original outcome must come back. */
    static String resend(final Engine engine, final Path acks) throws IOException
    {
        int same = 0;
        int different = 0;
        for (final String line : ackLines(acks))
        {
            final String[] words = line.split(" ");
            final Outcome outcome = engine.send(
                new BankCommand.Transfer(words[2], words[3], Long.parseLong(words[4])),
                SendOptions.defaults().durability(Durability.REPLICATED).idempotencyKey(words[1])).join();
            if (outcome.accepted() && outcome.duplicate() &&
                outcome.position() == PositionFormat.parsePosition(words[5]))
            {
                same++;
            }
            else
            {
                different++;
            }
        }
        return "same=" + same + " different=" + different;
    }

    private static List<String> ackLines(final Path acks) throws IOException
    {
        return Files.readAllLines(acks).stream().filter(line -> line.startsWith("ack ")).toList();
    }
}
