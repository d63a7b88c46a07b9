package dev.scribe.engine;

import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One snapshot on its way through the ring: the business-logic thread copies the aggregates, idempotency keys and
 * epoch history into memory; each snapshotted projection copies its state when the same slot reaches it, so every
 * part is at the same position; the last part to finish hands the capture to the snapshot writer.
 *
 * <p>Aggregates are copied as {@code typeIndex:int32 idLength:int32 id versionInt64 stateLength:int32 state}, in
 * the order the store holds them; the writer sorts them by id.
 */
final class StateCapture
{
    final CompletableFuture<SnapshotInfo> future = new CompletableFuture<>();
    final boolean scheduled;
    final ExpandableArrayBuffer aggregates;
    int aggregatesLength;
    long aggregateCount;
    final ExpandableArrayBuffer keys = new ExpandableArrayBuffer(1024);
    int keysLength;
    int keyCount;
    EpochHistory history;
    long position = -1;
    long epoch;
    long captureNanos;
    String failure;
    final ProjectionCapture[] projections;
    private final AtomicInteger pendingParts;
    private final Consumer<StateCapture> whenCaptured;

    /** A snapshotted projection's state, copied on its own thread at the capture's position. */
    static final class ProjectionCapture
    {
        final String name;
        final ExpandableArrayBuffer state = new ExpandableArrayBuffer(256);
        int length;
        String failure;

        ProjectionCapture(final String name)
        {
            this.name = name;
        }
    }

    StateCapture(
        final boolean scheduled,
        final ExpandableArrayBuffer aggregates,
        final String[] projectionNames,
        final Consumer<StateCapture> whenCaptured)
    {
        this.scheduled = scheduled;
        this.aggregates = aggregates;
        this.projections = new ProjectionCapture[projectionNames.length];
        for (int i = 0; i < projectionNames.length; i++)
        {
            projections[i] = new ProjectionCapture(projectionNames[i]);
        }
        // the business logic takes part too, answering at the end of its batch: the capture is handed on only once
        // the business logic and every snapshotted projection are done with it
        this.pendingParts = new AtomicInteger(projectionNames.length + 1);
        this.whenCaptured = whenCaptured;
    }

    /** The business logic, at the end of its batch, or a snapshotted projection is done with the capture. */
    void partDone()
    {
        if (pendingParts.decrementAndGet() == 0)
        {
            whenCaptured.accept(this);
        }
    }

    ProjectionCapture projection(final String name)
    {
        for (final ProjectionCapture projection : projections)
        {
            if (projection.name.equals(name))
            {
                return projection;
            }
        }
        return null;
    }
}
