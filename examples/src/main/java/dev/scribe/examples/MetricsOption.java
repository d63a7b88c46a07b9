package dev.scribe.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demos' {@code --metrics-port N} option: serve the demo's meters at {@code http://127.0.0.1:N/metrics} with a
 * {@link MetricsEndpoint}; 0, or no option, for none.
 *
 * @param port the port; 0 for no endpoint.
 * @param rest the other arguments, in their order.
 */
public record MetricsOption(int port, List<String> rest)
{
    /** The option's name. */
    public static final String NAME = "--metrics-port";

    /**
     * Take the option out of a command line.
     *
     * @param args the demo's arguments, the option anywhere among them, at most once.
     * @return the port (0 if absent) and the other arguments.
     * @throws IllegalArgumentException naming the option and what is wrong with its value.
     */
    public static MetricsOption parse(final String[] args)
    {
        final List<String> rest = new ArrayList<>(args.length);
        int port = 0;
        boolean seen = false;
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i++];
            if (!NAME.equals(arg))
            {
                rest.add(arg);
                continue;
            }
            if (seen)
            {
                throw new IllegalArgumentException(NAME + " is given twice");
            }
            if (i == args.length)
            {
                throw new IllegalArgumentException(NAME + " needs a port number (0 for no metrics endpoint)");
            }
            port = port(args[i++]);
            seen = true;
        }
        return new MetricsOption(port, List.copyOf(rest));
    }

    private static int port(final String text)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port >= 0 && port <= 0xffff)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException(NAME + " must be a port number from 0 to 65535 (0 for no metrics " +
            "endpoint), not '" + text + "'");
    }

    /**
     * The other arguments.
     *
     * @return them, in their order.
     */
    public String[] restArray()
    {
        return rest.toArray(new String[0]);
    }

    /**
     * Whether an endpoint was asked for.
     *
     * @return whether the port is not 0.
     */
    public boolean on()
    {
        return port != 0;
    }

    /**
     * Start the endpoint asked for, on 127.0.0.1.
     *
     * @return the endpoint, or null if none was asked for.
     * @throws java.net.BindException naming the address, if the port is in use.
     * @throws IOException            if the server cannot start for another reason.
     */
    public MetricsEndpoint start() throws IOException
    {
        return on() ? MetricsEndpoint.start(port) : null;
    }
}
