package dev.scribe.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the subscription kill test: {@code DIR OUT CHUNK} launches the bank on DIR and starts
 * subscription {@code mirror} (chunks of CHUNK events), whose handler is idempotent: it appends one line
 * {@code position/index} per event to OUT, passing over every event at or before the last line OUT already holds
 * (a line cut short by a kill is dropped first). It prints {@code READY}, then sends deposits for ever, printing
 * {@code SENT position} now and then.
 */
public final class SubscriptionChild
{
    private SubscriptionChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = System.out;
        final Path dir = Path.of(args[0]);
        final Mirror mirror = new Mirror(Path.of(args[1]));
        final Engine engine = Engine.launch(Bank.context(dir));
        if (engine.lastPosition() < 0)
        {
            engine.send(new Bank.Open("acc-0")).join();
            engine.send(new Bank.Open("acc-1")).join();
        }
        engine.subscriptions().start(Subscription.named("mirror").chunkSize(Integer.parseInt(args[2]))
            .handler(mirror::write));
        out.println("READY");
        out.flush();
        for (long n = 0; ; n++)
        {
            final CompletableFuture<?>[] sent = new CompletableFuture<?>[8];
            for (int i = 0; i < sent.length; i++)
            {
                sent[i] = 0 == i % 4 ? engine.send(new Bank.Transfer("acc-0", "acc-1", 1)) :
                    engine.send(new Bank.Deposit("acc-" + i % 2, 1 + i));
            }
            CompletableFuture.allOf(sent).join();
            out.println("SENT " + engine.lastPosition());
            out.flush();
        }
    }

    /** The idempotent handler: a file of {@code position/index} lines. */
    static final class Mirror
    {
        private final FileChannel channel;
        private long lastPosition = -1;
        private int lastIndex = -1;

        Mirror(final Path file) throws IOException
        {
            if (Files.exists(file))
            {
                final String text = Files.readString(file, StandardCharsets.US_ASCII);
                final int end = text.lastIndexOf('\n') + 1;
                final String whole = text.substring(0, end);
                Files.writeString(file, whole, StandardCharsets.US_ASCII);
                final String[] lines = whole.split("\n");
                if (end > 0)
                {
                    final String[] last = lines[lines.length - 1].split("/");
                    lastPosition = Long.parseLong(last[0]);
                    lastIndex = Integer.parseInt(last[1]);
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }

        void write(final List<JournalEvent> events) throws IOException
        {
            final StringBuilder lines = new StringBuilder();
            for (final JournalEvent event : events)
            {
                if (event.position() > lastPosition || event.position() == lastPosition && event.index() > lastIndex)
                {
                    lines.append(event.position()).append('/').append(event.index()).append('\n');
                    lastPosition = event.position();
                    lastIndex = event.index();
                }
            }
            final ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }
}
