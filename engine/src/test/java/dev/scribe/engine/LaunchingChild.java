package dev.scribe.engine;

import java.nio.file.Path;

/**
 * Child process for the JVM flags tests: {@code DIR} builds the smallest application a user would (one aggregate, one
 * command), launches it on DIR, sends one command and prints {@code OUTCOME status position}. A JVM without Scribe's
 * flags fails in the launch.
 */
public final class LaunchingChild
{
    public record Add(String counter, long amount) {}
    public record Added(long amount) {}

    static final class Counter implements Aggregate
    {
        long total;

        void apply(final Added event)
        {
            total += event.amount();
        }
    }

    private LaunchingChild()
    {
    }

    public static void main(final String[] args)
    {
        final EngineContext context = new EngineContext()
            .directory(Path.of(args[0]))
            .aggregate(Counter.class, Counter::new)
            .command(Add.class, Add::counter,
                (Add cmd, Counter counter, Decision out) -> out.emit(new Added(cmd.amount())));
        try (Engine engine = Engine.launch(context))
        {
            final Outcome outcome = engine.send(new Add("c", 5)).join();
            System.out.println("OUTCOME " + outcome.status() + " " + outcome.position());
        }
    }
}
