package dev.scribe.journal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Whether one of Scribe's JVM flags is in effect in this JVM, read from the JVM itself rather than its command line,
 * so a flag counts however it was given (command line, {@code JDK_JAVA_OPTIONS}, an executable jar's manifest).
 */
final class JvmFlagState
{
    static final String ADD_EXPORTS = "--add-exports=";
    static final String ADD_OPENS = "--add-opens=";
    static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=";
    static final String ALL_UNNAMED = "ALL-UNNAMED";
    /** The system property the JDK (23 and later) sets from {@code --sun-misc-unsafe-memory-access}. */
    static final String UNSAFE_MEMORY_ACCESS_PROP_NAME = "sun.misc.unsafe.memory.access";

    private JvmFlagState()
    {
    }

    /**
     * Whether a flag is in effect for code in a module.
     *
     * @param flag   one of Scribe's flags.
     * @param target the module the flag must reach: Scribe's, the unnamed module when Scribe is on the class path.
     * @return true if it is in effect, or has nothing to act on in this runtime (a module or package it lacks, native
     *         access before JDK 22).
     * @throws IllegalArgumentException if the flag is of a kind this class cannot check.
     */
    static boolean inEffect(final String flag, final Module target)
    {
        if (flag.startsWith(ADD_EXPORTS) || flag.startsWith(ADD_OPENS))
        {
            final boolean open = flag.startsWith(ADD_OPENS);
            final String[] parts = flag.substring(open ? ADD_OPENS.length() : ADD_EXPORTS.length()).split("[/=]");
            if (3 != parts.length || !ALL_UNNAMED.equals(parts[2]))
            {
                throw new IllegalArgumentException("cannot check JVM flag " + flag + ": expected module/package=" +
                    ALL_UNNAMED);
            }
            final Optional<Module> module = ModuleLayer.boot().findModule(parts[0]);
            if (module.isEmpty() || !module.get().getPackages().contains(parts[1]))
            {
                return true;
            }
            return open ? module.get().isOpen(parts[1], target) : module.get().isExported(parts[1], target);
        }
        if (ENABLE_NATIVE_ACCESS.equals(flag))
        {
            return nativeAccessEnabled(target);
        }
        if (flag.startsWith(UNSAFE_MEMORY_ACCESS))
        {
            return flag.substring(UNSAFE_MEMORY_ACCESS.length())
                .equals(System.getProperty(UNSAFE_MEMORY_ACCESS_PROP_NAME));
        }
        throw new IllegalArgumentException("cannot check JVM flag " + flag);
    }

    /** {@code Module.isNativeAccessEnabled()}, of JDK 22 and later, called reflectively as Scribe is built for 17. */
    private static boolean nativeAccessEnabled(final Module target)
    {
        final Method method;
        try
        {
            method = Module.class.getMethod("isNativeAccessEnabled");
        }
        catch (final NoSuchMethodException ex)
        {
            return true; // before JDK 22 native access needs no flag
        }
        try
        {
            return Boolean.TRUE.equals(method.invoke(target));
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot ask whether native access is enabled for " + target, ex);
        }
    }
}
