package dev.scribe.examples.failover;

import dev.scribe.journal.PositionFormat;

import java.util.Locale;

/**
 * The fail-over demo's sentences: a {@link BankNode}'s answers ({@code status}, {@code promoted}, {@code verified},
 * {@code resent}: words of {@code name=value}, for programs) said in words, for people.
 */
final class NodeWords
{
    private NodeWords()
    {
    }

    /** A standby whose primary is gone: how far it got. */
    static String orphanedStandby(final String status)
    {
        return "Node " + field(status, "node") + ", the standby, has journaled up to " + field(status, "last") +
            " (state hash " + field(status, "hash") + ") and " + ("true".equals(field(status, "connected")) ?
            "is still connected." : "has lost its primary.");
    }

    /** A {@code promoted EPOCH START} answer. */
    static String promoted(final int node, final String answer)
    {
        final String[] words = answer.split(" ");
        return "Promoted node " + node + ": it is the primary now, in epoch " + words[1] + ", which begins at " +
            "position " + words[2] + ".";
    }

    /** A primary and its standby: who serves, what the standby acknowledged, and whether their states agree. */
    static String pair(final String primary, final String standby)
    {
        final String acked = field(primary, "acked");
        final String last = field(primary, "last");
        final StringBuilder text = new StringBuilder("   Primary node ").append(field(primary, "node"))
            .append(" is serving in epoch ").append(field(primary, "epoch")).append("; standby node ")
            .append(field(standby, "node"));
        if (PositionFormat.NONE.equals(acked))
        {
            text.append(" has acknowledged nothing in this epoch yet.");
        }
        else
        {
            text.append(" has acknowledged everything up to ").append(acked)
                .append(acked.equals(last) ? ", the last record." : ", of " + last + ".");
        }
        text.append(System.lineSeparator());
        if (field(primary, "hash").equals(field(standby, "hash")) && last.equals(field(standby, "last")))
        {
            text.append("   Both hold the same state, hash ").append(field(primary, "hash"));
        }
        else
        {
            text.append("   Their states differ: node ").append(field(primary, "node")).append(" has hash ")
                .append(field(primary, "hash")).append(" at ").append(last).append(", node ")
                .append(field(standby, "node")).append(' ').append(field(standby, "hash")).append(" at ")
                .append(field(standby, "last"));
        }
        final long negative = Long.parseLong(field(primary, "negative"));
        text.append(String.format(Locale.ROOT, ": %,d in all accounts together, %s.", Long.parseLong(field(primary,
            "total")), 0 == negative ? "none below zero" : negative + " below zero"));
        return text.toString();
    }

    /** What the old primary, back as the standby, dropped from its journal to follow the new primary. */
    static String rejoined(final String standby)
    {
        final long truncations = Long.parseLong(field(standby, "truncations"));
        final String node = "Node " + field(standby, "node");
        return 0 == truncations ? node + " had journaled nothing the new primary lacked, so it kept its whole " +
            "journal." :
            node + " had journaled records that never reached the new primary (so none was acknowledged); on " +
            "rejoining it cut them off its journal (" + (1 == truncations ? "one truncation" : truncations +
            " truncations") + ").";
    }

    /** Node 2's and node 1's {@code verified found=.. missing=.. duplicates=.. moved=.. of=..} answers. */
    static String verified(final String two, final String one)
    {
        if (allFound(two) && allFound(one))
        {
            return "each is in both, once, at the position its client was told";
        }
        return "node 2 " + found(two) + "; node 1 " + found(one);
    }

    private static String found(final String answer)
    {
        return allFound(answer) ? "has each once, where its client was told" : String.format(Locale.ROOT,
            "has %,d as told, %,d missing, %,d twice or more, %,d at another position", count(answer, "found"),
            count(answer, "missing"), count(answer, "duplicates"), count(answer, "moved"));
    }

    /** A {@code resent same=.. different=..} answer. */
    static String resent(final String answer)
    {
        final long different = count(answer, "different");
        return 0 == different ? "each answered with its first outcome, and none applied twice" :
            String.format(Locale.ROOT, "%,d answered with their first outcome, %,d differently", count(answer, "same"),
            different);
    }

    /** Whether a {@code verified} answer finds every acknowledged transfer once, where it was. */
    static boolean allFound(final String answer)
    {
        return count(answer, "found") == count(answer, "of");
    }

    static long count(final String answer, final String name)
    {
        return Long.parseLong(field(answer, name));
    }

    /** A {@code name=value} word of an answer; empty if it has none. */
    static String field(final String answer, final String name)
    {
        for (final String word : answer.split(" "))
        {
            if (word.startsWith(name + "="))
            {
                return word.substring(name.length() + 1);
            }
        }
        return "";
    }
}
