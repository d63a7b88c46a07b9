package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Records with recognisable contents for journal tests.
 */
final class TestRecords
{
    private TestRecords()
    {
    }

    /** Write record number n: correlation id n, one aggregate "agg-n", events whose payloads spell n. */
    static RecordWriter record(final RecordWriter writer, final long n, final int events)
    {
        writer.begin(1, 1_000_000L + n, n, n - 1).aggregate("agg-" + n, n);
        for (int i = 0; i < events; i++)
        {
            final byte[] payload = ("payload-" + n + "-" + i).getBytes(StandardCharsets.UTF_8);
            writer.event(0, 42 + i, 1, new UnsafeBuffer(payload), 0, payload.length);
        }
        writer.idempotencyKey(n % 2 == 0 ? "key-" + n : null);
        writer.finish();
        return writer;
    }

    static String payload(final RecordView view, final int event)
    {
        return view.buffer().getStringWithoutLengthUtf8(view.payloadOffset(event), view.payloadLength(event));
    }

    /** Check a record is record number n with the given number of events. */
    static boolean matches(final RecordView view, final long n, final int events)
    {
        if (view.correlationId() != n || view.eventCount() != events || !view.aggregateId(0).equals("agg-" + n))
        {
            return false;
        }
        for (int i = 0; i < events; i++)
        {
            if (!payload(view, i).equals("payload-" + n + "-" + i))
            {
                return false;
            }
        }
        return true;
    }
}
