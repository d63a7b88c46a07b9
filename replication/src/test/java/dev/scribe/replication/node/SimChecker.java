package dev.scribe.replication.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants a simulation checks after every step: two journals never hold different records at the same
 * (epoch, position); an epoch is started by one node, once; only that node acknowledges in it; a command
 * acknowledged at REPLICATED is never dropped (only losses on both nodes, by machine crashes or lost disks, may
 * destroy it; two losses on one node count once); no journal holds a command twice.
 */
final class SimChecker
{
    private final Map<Long, Map<Long, Integer>> recordsByEpoch = new HashMap<>();
    private final Map<Long, Integer> leaderOfEpoch = new HashMap<>();
    private final Map<Long, Integer> ackerOfEpoch = new HashMap<>();
    private final Map<RecordId, Integer> acknowledged = new LinkedHashMap<>();
    private final Map<RecordId, Integer> crashLosses = new HashMap<>();
    private final Map<RecordId, Integer> lostOn = new HashMap<>();
    private long highestStarted;
    private final long[] checkedPromise = new long[2];
    private boolean forced;
    private final Set<Integer> wiped = new HashSet<>();
    private SimLog[] logs;
    private String failure;
    private long acknowledgedCount;

    void logs(final SimLog... logs)
    {
        this.logs = logs;
    }

    String failure()
    {
        return failure;
    }

    long acknowledgedCount()
    {
        return acknowledgedCount;
    }

    Map<RecordId, Integer> acknowledged()
    {
        return acknowledged;
    }

    void fail(final String what)
    {
        if (null == failure)
        {
            failure = what;
        }
    }

    void onAppend(final int nodeId, final RecordId id)
    {
        final Integer crc = recordsByEpoch.computeIfAbsent(id.epoch(), e -> new HashMap<>())
            .putIfAbsent(id.position(), id.crc());
        if (null != crc && crc != id.crc())
        {
            fail("node " + nodeId + " journals " + id + " where another journal holds " +
                new RecordId(id.position(), id.epoch(), crc) + ": two records at the same epoch and position");
        }
    }

    /** A node promises an epoch: one it is about to start, or one its peer started; never a lie, never lower. */
    void onPromise(final int nodeId, final long before, final long epoch)
    {
        if (epoch < before)
        {
            fail("node " + nodeId + " promises epoch " + epoch + ", lower than its promise " + before);
        }
        if (epoch < 0 || epoch - highestStarted > Epochs.MAX_STEP + 2)
        {
            fail("node " + nodeId + " promises epoch " + epoch + ", far above every epoch started, the highest " +
                highestStarted);
        }
    }

    /**
     * After every event: a node's promise is an epoch of its own (about to start) or one its peer started; never
     * one only a peer's claim (a lie) stated.
     */
    void afterEvent()
    {
        for (int i = 0; i < logs.length; i++)
        {
            final long promised = logs[i].promisedEpoch();
            if (promised == checkedPromise[i])
            {
                continue;
            }
            final int nodeId = logs[i].nodeId();
            if (promised > 0 && !Epochs.startedBy(promised, nodeId, nodeId == 1 ? 2 : 1) &&
                !leaderOfEpoch.containsKey(promised))
            {
                fail("node " + nodeId + " promised epoch " + promised + ", which its peer never started");
            }
            checkedPromise[i] = promised;
        }
    }

    void forced(final boolean forced)
    {
        this.forced = forced;
    }

    void onLead(final int nodeId, final long epoch)
    {
        if (!forced)
        {
            leaderHoldsEveryAcknowledged(nodeId, epoch);
        }
        highestStarted = Math.max(highestStarted, epoch);
        Integer before = leaderOfEpoch.putIfAbsent(epoch, nodeId);
        if (null != before && forgotten(before, epoch))
        {
            leaderOfEpoch.put(epoch, nodeId); // its node lost its disk and no journal holds the epoch: it is gone
            recordsByEpoch.remove(epoch);
            ackerOfEpoch.remove(epoch);
            before = null;
        }
        if (null != before)
        {
            fail("node " + nodeId + " starts epoch " + epoch + ", already started by node " + before);
        }
    }

    /** A node that starts leading holds every acknowledged command that was not lost on both nodes. */
    private void leaderHoldsEveryAcknowledged(final int nodeId, final long epoch)
    {
        final SimLog log = logs[nodeId == logs[0].nodeId() ? 0 : 1];
        for (final Map.Entry<RecordId, Integer> entry : acknowledged.entrySet())
        {
            if (entry.getValue() < 2 && !log.holds(entry.getKey()))
            {
                fail("node " + nodeId + " starts epoch " + epoch + " without acknowledged command " + entry.getKey());
                return;
            }
        }
    }

    void onWipe(final int nodeId)
    {
        wiped.add(nodeId);
    }

    private boolean forgotten(final int starter, final long epoch)
    {
        if (!wiped.contains(starter))
        {
            return false;
        }
        for (final SimLog log : logs)
        {
            if (log.startOf(epoch) != RecordId.NO_POSITION)
            {
                return false;
            }
        }
        return true;
    }

    void onAcknowledged(final int nodeId, final long epoch, final RecordId id)
    {
        final Integer before = ackerOfEpoch.putIfAbsent(epoch, nodeId);
        if (null != before && before != nodeId)
        {
            fail("node " + nodeId + " acknowledges " + id + " in epoch " + epoch + ", where node " + before +
                " acknowledged");
        }
        boolean replicated = false;
        for (int i = 0; i < logs.length; i++)
        {
            replicated |= Simulation.id(i) != nodeId && logs[i].holds(id);
        }
        final int losses = crashLosses.getOrDefault(id, 0);
        if (!replicated && 0 == losses)
        {
            fail("node " + nodeId + " acknowledges " + id + " that no standby holds or lost in a crash");
        }
        acknowledged.put(id, losses);
        acknowledgedCount++;
    }

    void onMachineCrash(final int nodeId, final List<RecordId> lost)
    {
        final int bit = 1 << (nodeId - 1);
        for (final RecordId id : lost)
        {
            final int nodes = lostOn.merge(id, bit, (a, b) -> a | b);
            final int losses = Integer.bitCount(nodes);
            acknowledged.computeIfPresent(id, (k, before) -> losses);
            crashLosses.put(id, losses);
        }
        checkHeld("a machine crash of node " + nodeId, lost);
    }

    /** A standby drops records its primary replaced: never an acknowledged one, even if a copy is left. */
    void onTruncate(final int nodeId, final List<RecordId> dropped)
    {
        for (final RecordId id : dropped)
        {
            if (acknowledged.containsKey(id))
            {
                fail("node " + nodeId + " drops acknowledged command " + id + " as if its primary replaced it");
                return;
            }
        }
    }

    private void checkHeld(final String cause, final List<RecordId> removed)
    {
        for (final RecordId id : removed)
        {
            final Integer losses = acknowledged.get(id);
            if (null == losses || losses >= 2)
            {
                continue;
            }
            boolean held = false;
            for (final SimLog log : logs)
            {
                held |= log.holds(id);
            }
            if (!held)
            {
                fail("acknowledged command " + id + " is lost: " + cause + " removed its last copy, and only " +
                    losses + " machine crash(es) lost it");
            }
        }
    }

    /** At the end: every acknowledged command that was not destroyed on both nodes is in the journal given. */
    void checkAllIn(final SimLog log, final String which)
    {
        for (final Map.Entry<RecordId, Integer> entry : acknowledged.entrySet())
        {
            if (entry.getValue() < 2 && !log.holds(entry.getKey()))
            {
                fail("acknowledged command " + entry.getKey() + " is missing from " + which);
                return;
            }
        }
    }
}
