package dev.scribe.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One direction of one proxied connection. A reader thread reads chunks from one socket into a queue; a writer thread
 * takes them in order and writes them to the other socket when the direction's {@link Fault} lets them go. Reading
 * apart from writing is what makes a delay a latency rather than a bandwidth limit and lets a stall keep reading.
 * <p>
 * The queue holds about {@link #MAX_HELD_BYTES}; beyond that the reader stops reading and TCP pushes back on the
 * sender. When dropping, the reader never stops. A pump that dropped anything has a hole in its stream and never
 * forwards again: {@link #heal()} tells its link, which resets the connection.
 */
final class Pump
{
    static final long NO_CUT = -1;
    static final int MAX_HELD_BYTES = 1024 * 1024;
    private static final int CHUNK_BYTES = 16 * 1024;

    private final Link link;
    private final Socket from;
    private final Socket to;
    private final Lane lane;
    private final ArrayDeque<Chunk> held = new ArrayDeque<>();
    private int heldBytes;
    private long cutBudget;
    private boolean dropped;
    private boolean closed;

    /** Bytes read at {@code readNs}, or the end of the stream when {@code end}. */
    private record Chunk(byte[] bytes, boolean end, long readNs)
    {
    }

    Pump(final Link link, final Socket from, final Socket to, final Lane lane)
    {
        this.link = link;
        this.from = from;
        this.to = to;
        this.lane = lane;
        cutBudget = lane.cutAfter();
    }

    void readLoop()
    {
        final byte[] buffer = new byte[CHUNK_BYTES];
        try
        {
            final InputStream in = from.getInputStream();
            int read = 0;
            while (read >= 0)
            {
                read = in.read(buffer);
                if (!offer(buffer, read))
                {
                    return;
                }
            }
        }
        catch (final IOException ex)
        {
            // the peer reset or the link was ended; either way the other side goes too
            link.abort();
        }
        catch (final InterruptedException ex)
        {
            // nobody interrupts these threads; if someone does, the connection ends
            Thread.currentThread().interrupt();
            link.abort();
        }
    }

    void writeLoop()
    {
        try
        {
            final OutputStream out = to.getOutputStream();
            Chunk chunk;
            while (null != (chunk = take()))
            {
                if (chunk.end())
                {
                    to.shutdownOutput();
                    link.onOutputShut();
                    return;
                }
                // counted before the write: the peer may read the bytes, and a test see them, before write returns
                lane.onForwarded(chunk.bytes().length);
                out.write(chunk.bytes());
                if (cutReached())
                {
                    link.close();
                    return;
                }
            }
        }
        catch (final IOException ex)
        {
            link.abort();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            link.abort();
        }
    }

    /**
     * Forward at most this many more bytes, then the link is closed.
     *
     * @param bytes how many.
     * @return true when that is none, so the caller closes the link now.
     */
    synchronized boolean cutAfter(final long bytes)
    {
        cutBudget = bytes;
        notifyAll();
        return 0 == bytes;
    }

    /**
     * Forget the cut and look again at the fault.
     *
     * @return true if this pump dropped bytes, so its stream has a hole and its connection must be reset.
     */
    synchronized boolean heal()
    {
        cutBudget = NO_CUT;
        notifyAll();
        return dropped;
    }

    synchronized void wake()
    {
        notifyAll();
    }

    synchronized void close()
    {
        closed = true;
        held.clear();
        heldBytes = 0;
        notifyAll();
    }

    /** Hand what was read to the writer, or drop it; false once closed. */
    private synchronized boolean offer(final byte[] buffer, final int read) throws InterruptedException
    {
        while (!closed && heldBytes >= MAX_HELD_BYTES && !dropping())
        {
            wait();
        }
        if (closed)
        {
            return false;
        }
        if (dropping())
        {
            dropped = true;
            lane.onDropped(Math.max(0, read));
        }
        else
        {
            final byte[] bytes = read > 0 ? Arrays.copyOf(buffer, read) : new byte[0];
            held.addLast(new Chunk(bytes, read < 0, System.nanoTime()));
            heldBytes += bytes.length;
            notifyAll();
        }
        return true;
    }

    /** The next chunk to write, once the fault lets it go and trimmed to the cut; null once closed. */
    private synchronized Chunk take() throws InterruptedException
    {
        while (!closed)
        {
            final Chunk head = held.peekFirst();
            final Fault fault = lane.fault();
            if (null != head && Fault.Mode.DROP == fault.mode())
            {
                lane.onDropped(heldBytes);
                held.clear();
                heldBytes = 0;
                dropped = true;
                notifyAll();
            }
            else if (null == head || Fault.Mode.HOLD == fault.mode() || dropped || 0 == cutBudget)
            {
                wait();
            }
            else
            {
                final long waitNs = head.readNs() + fault.delayNs() - System.nanoTime();
                if (waitNs > 0)
                {
                    TimeUnit.NANOSECONDS.timedWait(this, waitNs);
                }
                else
                {
                    return removeFirst(head);
                }
            }
        }
        return null;
    }

    private Chunk removeFirst(final Chunk head)
    {
        held.removeFirst();
        heldBytes -= head.bytes().length;
        notifyAll();
        if (NO_CUT == cutBudget)
        {
            return head;
        }
        final int length = (int)Math.min(cutBudget, head.bytes().length);
        cutBudget -= length;
        return length == head.bytes().length ? head :
            new Chunk(Arrays.copyOf(head.bytes(), length), false, head.readNs());
    }

    private synchronized boolean cutReached()
    {
        return 0 == cutBudget;
    }

    private boolean dropping()
    {
        return Fault.Mode.DROP == lane.fault().mode();
    }
}
