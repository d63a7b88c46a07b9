package dev.scribe.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flags from the jar's resource, each read back from this JVM (which the build starts with them all), and the
 * message a JVM without them gets. A JVM really started without them is {@link JvmFlagsChildTest}'s.
 */
class JvmFlagsTest
{
    private static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    @Test
    void theFlagsAreTheBuildsForThisJdk()
    {
        final List<String> jdk17 = JvmFlags.forJdk(17);
        final List<String> jdk25 = JvmFlags.forJdk(25);
        assertTrue(jdk17.contains("--add-opens=java.base/java.util.zip=ALL-UNNAMED"), jdk17.toString());
        assertFalse(jdk17.contains(NATIVE), jdk17.toString());
        assertEquals(jdk17, jdk25.subList(0, jdk17.size()));
        assertTrue(jdk25.contains(NATIVE) && jdk25.contains("--sun-misc-unsafe-memory-access=allow"), jdk25.toString());
        assertTrue(jdk17.containsAll(JvmFlags.required()), JvmFlags.required().toString());
        assertEquals(4, JvmFlags.required().size(), JvmFlags.required().toString());
        assertEquals(JvmFlags.forJdk(Runtime.version().feature()), JvmFlags.flags());
        assertEquals(String.join(" ", JvmFlags.flags()), JvmFlags.commandLine());
    }

    @Test
    void thisJvmHasEveryFlagSoTheCheckPasses()
    {
        assertEquals(List.of(), JvmFlags.missing(), "the build starts test JVMs with " + JvmFlags.commandLine());
        JvmFlags.check();
    }

    @Test
    void everyFlagIsReadFromTheJvm()
    {
        final Module self = JvmFlags.class.getModule();
        for (final String flag : JvmFlags.forJdk(25))
        {
            JvmFlagState.inEffect(flag, self); // each kind of flag can be checked, on any JDK
        }
        assertFalse(JvmFlagState.inEffect("--add-opens=java.base/java.net=ALL-UNNAMED", self), "java.net is not open");
        assertFalse(JvmFlagState.inEffect("--add-exports=java.base/sun.net.www=ALL-UNNAMED", self));
        assertTrue(JvmFlagState.inEffect("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", self));
        assertTrue(JvmFlagState.inEffect("--add-exports=no.such.module/a.b=ALL-UNNAMED", self), "nothing to export");
        assertEquals("warn".equals(System.getProperty("sun.misc.unsafe.memory.access")),
            JvmFlagState.inEffect("--sun-misc-unsafe-memory-access=warn", self));
        assertThrows(IllegalArgumentException.class, () -> JvmFlagState.inEffect("-Xmx1g", self));
        assertThrows(IllegalArgumentException.class,
            () -> JvmFlagState.inEffect("--add-opens=java.base/java.lang=com.example", self));
    }

    @Test
    void theMessageNamesExactlyTheMissingFlagsAndHowToAddThem()
    {
        final List<String> required = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util.zip=ALL-UNNAMED");
        final List<String> missing = new ArrayList<>(required);
        missing.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
        missing.add(NATIVE);
        final String message = JvmFlagsMessage.of(required, missing);
        final String all = String.join(" ", missing);

        assertTrue(message.startsWith("Scribe cannot start: this JVM lacks flags"), message);
        assertTrue(message.contains("  missing, required:    " + String.join(" ", required) + "\n"), message);
        assertTrue(message.contains("  missing, recommended: --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED " +
            NATIVE + " ("), message);
        assertTrue(message.contains("java " + all + " -cp"), message);
        assertTrue(message.contains("JDK_JAVA_OPTIONS"), message);
        assertTrue(message.contains("<argLine>" + all + "</argLine>"), message);
        assertTrue(message.contains("jvmArgs(\"--add-exports=java.base/sun.nio.ch=ALL-UNNAMED\", " +
            "\"--add-opens=java.base/java.util.zip=ALL-UNNAMED\", " +
            "\"--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED\", \"" + NATIVE + "\")"), message);
        assertTrue(message.contains("Add-Exports: java.base/sun.nio.ch java.base/jdk.internal.ref\n"), message);
        assertTrue(message.contains("Add-Opens: java.base/java.util.zip\n"), message);
        assertTrue(message.contains("Enable-Native-Access: ALL-UNNAMED\n"), message);
        assertTrue(message.endsWith("-D" + JvmFlags.CHECK_PROP_NAME + "=false to skip this check."), message);
        assertFalse(message.contains("java.base/java.lang.reflect"), "a flag that is not missing is named");

        final MissingJvmFlagsException ex = new MissingJvmFlagsException(required, missing, message);
        assertEquals(required, ex.missingRequired());
        assertEquals(missing, ex.missing());
    }
}
