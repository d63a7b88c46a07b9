package dev.scribe.examples;

import java.util.Arrays;

/**
 * Entry point of the examples jar: {@code bin/demo [example] [args]}. Without a name it runs the journal demo.
 */
public final class Examples
{
    private Examples()
    {
    }

    /**
     * Run an example.
     *
     * @param args the example's name, then its arguments.
     * @throws Exception if the example fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final String name = args.length == 0 ? "journal" : args[0];
        final String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (name)
        {
            case "journal" -> JournalDemo.main(rest);
            default -> throw new IllegalArgumentException("unknown example '" + name + "'; examples: journal");
        }
    }
}
