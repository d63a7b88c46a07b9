package dev.scribe.engine.tool;

import dev.scribe.engine.EngineSetup;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;

import java.io.PrintStream;

/**
 * The {@link EngineSetup} a tool is given by class name ({@code --setup CLASS}): an application's public class with a
 * public no-argument constructor, on the class path (the {@code scribe} command adds {@code SCRIBE_CLASSPATH} to it).
 */
public final class SetupClass
{
    private SetupClass()
    {
    }

    /**
     * Make the named setup.
     *
     * @param className the class's name.
     * @return the setup.
     * @throws ToolException with {@link ToolExit#USAGE}, saying why it cannot be made.
     */
    public static EngineSetup named(final String className)
    {
        try
        {
            return (EngineSetup)Class.forName(className).getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
        {
            throw new ToolException(ToolExit.USAGE, "cannot make the setup " + className + " (a public class " +
                "implementing " + EngineSetup.class.getName() + " with a public no-argument constructor, on the " +
                "class path: add the application's classes to SCRIBE_CLASSPATH): " + ex);
        }
    }

    /**
     * Make the named setup, or say why it cannot be made.
     *
     * @param className the class's name.
     * @param err       where to say why it cannot be made.
     * @param prefix    put in front of that, naming the tool.
     * @return the setup, or null if it cannot be made.
     */
    static EngineSetup load(final String className, final PrintStream err, final String prefix)
    {
        try
        {
            return named(className);
        }
        catch (final ToolException ex)
        {
            err.println(prefix + ex.getMessage());
            return null;
        }
    }
}
