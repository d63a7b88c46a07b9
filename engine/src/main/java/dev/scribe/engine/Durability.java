package dev.scribe.engine;

import java.util.Arrays;
import java.util.Locale;

/**
 * When a command's result completes: the acknowledgement contract.
 */
public enum Durability
{
    /** Decided and applied in memory; survives nothing. */
    APPLIED,
    /** Written to the memory-mapped journal; survives a process crash (kill -9). The default. */
    JOURNALED,
    /** Journal forced to storage up to the record; survives an OS crash or power loss. Syncs are batched. */
    SYNCED,
    /** Journaled by the hot standby in the current epoch; survives loss of the primary machine. */
    REPLICATED;

    /** A durability named in a setting, any case; the error names the setting. */
    static Durability parse(final String setting, final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(setting + " must be one of " + Arrays.toString(values()) +
                ": " + name, ex);
        }
    }
}
