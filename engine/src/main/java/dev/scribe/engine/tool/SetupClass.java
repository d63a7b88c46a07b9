package dev.scribe.engine.tool;

import dev.scribe.engine.EngineSetup;

import java.io.PrintStream;

/**
 * The {@link EngineSetup} a tool is given by class name ({@code --setup CLASS}): an application's public class with a
 * public no-argument constructor, on the class path.
 */
final class SetupClass
{
    private SetupClass()
    {
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
            return (EngineSetup)Class.forName(className).getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
        {
            err.println(prefix + "cannot make the setup " + className + " (a public class implementing " +
                EngineSetup.class.getName() + " with a public no-argument constructor, on the class path): " + ex);
            return null;
        }
    }
}
