package dev.scribe.journal.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's command line, parsed by a {@link Parser} that knows the tool's options: positional arguments in order,
 * options that take a value ({@code --from 42}), flags ({@code --force}) and {@code --help} (or {@code -h}).
 * Options may come in any order, before, between or after the positional arguments; each at most once.
 *
 * <p>Every problem is a {@link UsageException} whose message names the argument: {@code "unknown option '--form'"},
 * {@code "--from needs a value"}, {@code "--from must be a number, was 'x'"}, {@code "expected a journal
 * directory"}, {@code "unexpected argument 'x'"}.
 */
public final class ToolArgs
{
    private static final ToolArgs HELP = new ToolArgs(List.of(), Map.of(), Set.of(), true);

    private final List<String> positionals;
    private final Map<String, String> values;
    private final Set<String> flags;
    private final boolean help;

    private ToolArgs(
        final List<String> positionals, final Map<String, String> values, final Set<String> flags, final boolean help)
    {
        this.positionals = positionals;
        this.values = values;
        this.flags = flags;
        this.help = help;
    }

    /**
     * A parser that knows no positional argument and no option yet.
     *
     * @return a new parser.
     */
    public static Parser parser()
    {
        return new Parser();
    }

    /**
     * Whether an argument asks for the usage.
     *
     * @param arg the argument.
     * @return true if it is {@code --help} or {@code -h}.
     */
    public static boolean isHelp(final String arg)
    {
        return "--help".equals(arg) || "-h".equals(arg);
    }

    /**
     * Whether {@code --help} or {@code -h} was given; then nothing else was parsed.
     *
     * @return true if the usage was asked for.
     */
    public boolean help()
    {
        return help;
    }

    /**
     * A positional argument; the parser made sure that every one it knows is there.
     *
     * @param index its place among the positional arguments, from 0.
     * @return the argument.
     */
    public String positional(final int index)
    {
        return positionals.get(index);
    }

    /**
     * Whether a flag was given.
     *
     * @param name the flag, such as {@code --force}.
     * @return true if it was.
     */
    public boolean flag(final String name)
    {
        return flags.contains(name);
    }

    /**
     * Whether an option was given a value.
     *
     * @param name the option, such as {@code --from}.
     * @return true if it was given.
     */
    public boolean has(final String name)
    {
        return values.containsKey(name);
    }

    /**
     * An option's value.
     *
     * @param name the option, such as {@code --key-file}.
     * @return its value, or null if it was not given.
     */
    public String value(final String name)
    {
        return values.get(name);
    }

    /**
     * The value of an option that must be given.
     *
     * @param name the option, such as {@code --setup}.
     * @return its value.
     * @throws UsageException if it was not given.
     */
    public String required(final String name)
    {
        final String value = values.get(name);
        if (null == value)
        {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    /**
     * An option's value as a whole number.
     *
     * @param name   the option, such as {@code --from}.
     * @param absent the value when the option was not given.
     * @return the number.
     * @throws UsageException if the value is not a whole number.
     */
    public long longValue(final String name, final long absent)
    {
        final String value = values.get(name);
        if (null == value)
        {
            return absent;
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(name + " must be a number, was '" + value + "'", ex);
        }
    }

    /**
     * An option's value as a whole number more than 0.
     *
     * @param name   the option, such as {@code --count}.
     * @param absent the value when the option was not given.
     * @return the number.
     * @throws UsageException if the value is not a whole number more than 0.
     */
    public long positiveLong(final String name, final long absent)
    {
        final long value = longValue(name, absent);
        if (has(name) && value <= 0)
        {
            throw new UsageException(name + " must be more than 0, was '" + values.get(name) + "'");
        }
        return value;
    }

    /**
     * An option's value as a finite number more than 0, fractions allowed, such as a number of seconds.
     *
     * @param name   the option, such as {@code --wait}.
     * @param absent the value when the option was not given.
     * @return the number.
     * @throws UsageException if the value is not a finite number more than 0.
     */
    public double positiveDouble(final String name, final double absent)
    {
        final String value = values.get(name);
        if (null == value)
        {
            return absent;
        }
        final double parsed;
        try
        {
            parsed = Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(name + " must be a number, was '" + value + "'", ex);
        }
        if (!(parsed > 0) || Double.isInfinite(parsed))
        {
            throw new UsageException(name + " must be more than 0, was '" + value + "'");
        }
        return parsed;
    }

    /**
     * The positional arguments and options of one tool or command, declared once and used for each parse.
     */
    public static final class Parser
    {
        private final List<String> positionals = new ArrayList<>();
        private final Set<String> options = new HashSet<>();
        private final Set<String> flags = new HashSet<>();

        private Parser()
        {
        }

        /**
         * A positional argument that must be given, after those declared before it.
         *
         * @param description what it is, for the message when it is missing: {@code "a journal directory"}.
         * @return this parser.
         */
        public Parser positional(final String description)
        {
            positionals.add(description);
            return this;
        }

        /**
         * An option that takes a value.
         *
         * @param name the option, such as {@code --from}.
         * @return this parser.
         */
        public Parser option(final String name)
        {
            options.add(name);
            return this;
        }

        /**
         * A flag, an option without a value.
         *
         * @param name the flag, such as {@code --force}.
         * @return this parser.
         */
        public Parser flag(final String name)
        {
            flags.add(name);
            return this;
        }

        /**
         * Parse a command line.
         *
         * @param args the command line.
         * @return the parsed arguments; only {@link ToolArgs#help()} if the usage was asked for.
         * @throws UsageException naming the first wrong argument.
         */
        public ToolArgs parse(final String... args)
        {
            for (final String arg : args)
            {
                if (isHelp(arg))
                {
                    return HELP;
                }
            }
            final List<String> positional = new ArrayList<>();
            final Map<String, String> values = new HashMap<>();
            final Set<String> given = new HashSet<>();
            int i = 0;
            while (i < args.length)
            {
                final String arg = args[i++];
                if (options.contains(arg))
                {
                    if (i == args.length)
                    {
                        throw new UsageException(arg + " needs a value");
                    }
                    once(arg, given);
                    values.put(arg, args[i++]);
                }
                else if (flags.contains(arg))
                {
                    once(arg, given);
                }
                else if (arg.startsWith("--"))
                {
                    throw new UsageException("unknown option '" + arg + "'");
                }
                else if (positional.size() == positionals.size())
                {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                else
                {
                    positional.add(arg);
                }
            }
            if (positional.size() < positionals.size())
            {
                throw new UsageException("expected " + positionals.get(positional.size()));
            }
            given.retainAll(flags);
            return new ToolArgs(List.copyOf(positional), Collections.unmodifiableMap(values), Set.copyOf(given),
                false);
        }

        private static void once(final String name, final Set<String> given)
        {
            if (!given.add(name))
            {
                throw new UsageException(name + " is given twice");
            }
        }
    }
}
