package dev.scribe.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a {@link MissingJvmFlagsException}: which flags are missing, and each usual way to add them (the java
 * command line, Maven's Surefire and Failsafe, Gradle, an executable jar's manifest), with exactly those flags.
 */
final class JvmFlagsMessage
{
    private JvmFlagsMessage()
    {
    }

    /**
     * The message for a JVM that lacks flags.
     *
     * @param missingRequired the missing flags Scribe cannot run without; not empty.
     * @param missing         every missing flag, required or recommended, in order.
     * @return the message, several lines.
     */
    static String of(final List<String> missingRequired, final List<String> missing)
    {
        final List<String> recommended = new ArrayList<>(missing);
        recommended.removeAll(missingRequired);
        final String flags = String.join(" ", missing);
        final StringBuilder text = new StringBuilder(2048)
            .append("Scribe cannot start: this JVM lacks flags that Chronicle Queue and Agrona need to reach into ")
            .append("the JDK (nothing was written to disk).\n")
            .append("  missing, required:    ").append(String.join(" ", missingRequired)).append('\n');
        if (!recommended.isEmpty())
        {
            text.append("  missing, recommended: ").append(String.join(" ", recommended))
                .append(" (without them Chronicle or the JDK may print warnings)\n");
        }
        text.append("Add them (JvmFlags.flags() lists all of Scribe's flags for JDK ")
            .append(Runtime.version().feature()).append(") to\n")
            .append("  the java command line:   java ").append(flags).append(" -cp ... your.Main\n")
            .append("                           (or the same in the environment variable JDK_JAVA_OPTIONS)\n")
            .append("  Maven Surefire/Failsafe: <argLine>").append(flags).append("</argLine>\n")
            .append("  Gradle:                  test { jvmArgs(").append(quoted(missing)).append(") }")
            .append(", and the same in tasks.withType(JavaExec)\n")
            .append("  an executable jar's manifest (java -jar):\n");
        manifestLine(text, "Add-Exports", JvmFlagState.ADD_EXPORTS, missing);
        manifestLine(text, "Add-Opens", JvmFlagState.ADD_OPENS, missing);
        if (missing.contains(JvmFlagState.ENABLE_NATIVE_ACCESS))
        {
            text.append("      Enable-Native-Access: ALL-UNNAMED\n");
        }
        return text.append("Set -D").append(JvmFlags.CHECK_PROP_NAME).append("=false to skip this check.").toString();
    }

    private static String quoted(final List<String> flags)
    {
        return flags.stream().map(flag -> "\"" + flag + "\"").collect(Collectors.joining(", "));
    }

    /** A manifest attribute's line: the module/package pairs of the flags of one kind, without "=ALL-UNNAMED". */
    private static void manifestLine(
        final StringBuilder text, final String attribute, final String prefix, final List<String> flags)
    {
        final String pairs = flags.stream()
            .filter(flag -> flag.startsWith(prefix))
            .map(flag -> flag.substring(prefix.length(), flag.length() - JvmFlagState.ALL_UNNAMED.length() - 1))
            .collect(Collectors.joining(" "));
        if (!pairs.isEmpty())
        {
            text.append("      ").append(attribute).append(": ").append(pairs).append('\n');
        }
    }
}
