package dev.scribe.replication.link;

import com.sun.management.ThreadMXBean;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.test.Deadlines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;

import static dev.scribe.replication.link.TestAgent.Kind;
import static dev.scribe.replication.link.TestAgent.hello;
import static dev.scribe.replication.link.TestAgent.settings;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once warmed up, the record path allocates nothing but what the interface asks for: the sender's
 * {@code sendRecord} allocates nothing, the receiver's {@code poll} allocates the {@link RecordId} of each record it
 * delivers (the one before it is the previous record's, reused), and the links' own threads (readers, writers)
 * allocate nothing.
 */
class SocketPeerLinkAllocationTest
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int RECORD_BYTES = 200;
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 200_000;
    /** A RecordId is 32 bytes with compressed oops, 40 without; a copy of the record's bytes would be 200 more. */
    private static final long MAX_BYTES_PER_RECORD_RECEIVED = 48;
    /** Slack for measurement noise: one 16-byte object per record would come to megabytes. */
    private static final long MAX_BYTES = 64 * 1024;

    @BeforeAll
    static void enableAllocationCounting()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void theRecordPathAllocatesNothingButTheDeliveredRecordIds()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, new InetSocketAddress("127.0.0.1", 9)));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            one.dial(hello(1, PeerMessage.Role.STANDBY));
            final long stream = two.next(Kind.MESSAGE).connection();
            two.send(stream, new PeerMessage.Welcome(2, 1, 0, -1, RecordId.NO_POSITION, RecordId.NONE));
            one.message(PeerMessage.Welcome.class);
            one.countRecordsOnly(true);

            final Sender sender = new Sender(two, stream);
            sender.send(WARM_UP);
            Deadlines.await(() -> one.recordsCounted.get() == WARM_UP, "the warm-up records to arrive");

            final long linkThreadsBefore = linkThreadsAllocated();
            final long receivedBefore = THREADS.getThreadAllocatedBytes(one.threadId());
            sender.allocated = 0;
            sender.send(MEASURED);
            Deadlines.await(() -> one.recordsCounted.get() == WARM_UP + MEASURED, "the measured records to arrive");
            final long received = THREADS.getThreadAllocatedBytes(one.threadId()) - receivedBefore;
            final long linkThreads = linkThreadsAllocated() - linkThreadsBefore;

            assertTrue(sender.allocated < MAX_BYTES, "sending " + MEASURED + " records allocated " +
                sender.allocated + " bytes");
            assertTrue(linkThreads < MAX_BYTES, "the links' readers and writers allocated " + linkThreads +
                " bytes for " + MEASURED + " records");
            assertTrue(received / MEASURED <= MAX_BYTES_PER_RECORD_RECEIVED, "receiving " + MEASURED +
                " records allocated " + received + " bytes, " + received / MEASURED + " a record");
        }
    }

    /** Bytes allocated so far by the threads of both links (their pools name them so). */
    private static long linkThreadsAllocated()
    {
        long sum = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("scribe-link-"))
            {
                sum += Math.max(0, THREADS.getThreadAllocatedBytes(thread.getId()));
            }
        }
        return sum;
    }

    /** Streams records on the sending agent's thread, in batches while the connection is writable. */
    private static final class Sender
    {
        private final TestAgent agent;
        private final long connection;
        private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[RECORD_BYTES]);
        private final RecordId[] ids = new RecordId[1024];
        private long sent;
        long allocated;

        Sender(final TestAgent agent, final long connection)
        {
            this.agent = agent;
            this.connection = connection;
            for (int i = 0; i < ids.length; i++)
            {
                ids[i] = new RecordId(i, 1, i);
            }
        }

        void send(final int records)
        {
            final long target = sent + records;
            while (sent < target)
            {
                agent.run(() -> batch(target));
            }
        }

        private void batch(final long target)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            int n = 0;
            while (sent < target && n < ids.length - 1 && agent.link.writable(connection))
            {
                agent.link.sendRecord(connection, ids[n], ids[n + 1], bytes, 0, RECORD_BYTES);
                sent++;
                n++;
            }
            allocated += THREADS.getCurrentThreadAllocatedBytes() - before;
        }
    }
}
