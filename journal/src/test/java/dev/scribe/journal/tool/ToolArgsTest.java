package dev.scribe.journal.tool;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolArgsTest
{
    private static final ToolArgs.Parser PARSER = ToolArgs.parser()
        .positional("a journal directory")
        .option("--from")
        .option("--wait")
        .flag("--force");

    @Test
    void optionsFlagsAndPositionalsInAnyOrder()
    {
        final ToolArgs args = PARSER.parse("--from", "-7", "dir", "--force");
        assertEquals("dir", args.positional(0));
        assertEquals(-7, args.longValue("--from", 0));
        assertTrue(args.flag("--force"));
        assertFalse(args.has("--wait"));
        assertEquals(2.5, args.positiveDouble("--wait", 2.5));
        assertFalse(args.help());
    }

    @Test
    void helpWinsOverEverythingElse()
    {
        assertTrue(PARSER.parse("--nonsense", "--help").help());
        assertTrue(PARSER.parse("-h").help());
        assertTrue(ToolArgs.isHelp("--help"));
        assertFalse(ToolArgs.isHelp("help"));
    }

    @Test
    void eachProblemNamesTheArgument()
    {
        assertEquals("expected a journal directory", problem());
        assertEquals("unexpected argument 'other'", problem("dir", "other"));
        assertEquals("unknown option '--form'", problem("dir", "--form", "1"));
        assertEquals("--from needs a value", problem("dir", "--from"));
        assertEquals("--force is given twice", problem("dir", "--force", "--force"));
        assertEquals("--from must be a number, was 'x'",
            assertThrows(UsageException.class, () -> PARSER.parse("dir", "--from", "x").longValue("--from", 0))
                .getMessage());
        assertEquals("--wait must be more than 0, was '0'",
            assertThrows(UsageException.class, () -> PARSER.parse("dir", "--wait", "0").positiveDouble("--wait", 1))
                .getMessage());
        assertEquals("--from must be more than 0, was '-1'",
            assertThrows(UsageException.class, () -> PARSER.parse("dir", "--from", "-1").positiveLong("--from", 1))
                .getMessage());
        assertEquals("--from is required",
            assertThrows(UsageException.class, () -> PARSER.parse("dir").required("--from")).getMessage());
    }

    @Test
    void usageGoesToStandardOutputWhenAskedForAndToStandardErrorAfterAProblem()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final ToolUsage usage = new ToolUsage("tool: ", "usage: tool DIR");
        assertEquals(ToolExit.OK, usage.help(stream));
        assertEquals(ToolExit.USAGE, usage.wrong(stream, "expected a directory"));
        assertEquals("usage: tool DIR\ntool: expected a directory\nusage: tool DIR\n",
            bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    private static String problem(final String... args)
    {
        return assertThrows(UsageException.class, () -> PARSER.parse(args)).getMessage();
    }
}
