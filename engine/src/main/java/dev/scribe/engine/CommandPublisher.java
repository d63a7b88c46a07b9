package dev.scribe.engine;

import com.lmax.disruptor.RingBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The allocation-free way in: claim a slot of the ring, encode a binary command (an SBE message, say) straight
 * into its buffer, publish it with a correlation id, and receive the outcome through the publisher's
 * {@link ResponseListener} ({@link Engine#publisher(ResponseListener)}) or the engine's
 * ({@link EngineContext#responseListener(ResponseListener)}). One publisher per producing thread; a claimed slot
 * must be published or aborted.
 *
 * <pre>{@code
 * MutableDirectBuffer buffer = publisher.claim(DEPOSIT);
 * encoder.wrapAndApplyHeader(buffer, 0, header).account(7).amount(100);
 * int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
 * publisher.publish(length, correlationId);
 * }</pre>
 *
 * <p>A producer with many commands at hand claims and publishes them in one go, one claim of the ring for the
 * whole batch; the business logic sees them all at once:
 *
 * <pre>{@code
 * int claimed = publisher.claimBatch(64);
 * for (int i = 0; i < claimed; i++)
 * {
 *     encoder.wrapAndApplyHeader(publisher.buffer(i), 0, header).account(accounts[i]).amount(100);
 *     publisher.command(i, DEPOSIT, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), ids[i]);
 * }
 * publisher.publishBatch();
 * }</pre>
 */
public final class CommandPublisher
{
    private final Engine engine;
    private final RingBuffer<CommandSlot> ring;
    private final RingClaims claims;
    private final Registry registry;
    private final Durability defaultDurability;
    private final ResponseListener listener;
    private CommandType claimedType;
    /** The claimed slot, or the last of a claimed batch; -1 when nothing is claimed. */
    private long claimedSequence = -1;
    /** Slots of the claimed batch, 0 for a single claimed slot. */
    private int batchSize;

    CommandPublisher(
        final Engine engine,
        final RingBuffer<CommandSlot> ring,
        final RingClaims claims,
        final Registry registry,
        final Durability durability,
        final ResponseListener listener)
    {
        this.claims = claims;
        this.engine = engine;
        this.ring = ring;
        this.registry = registry;
        this.defaultDurability = durability;
        this.listener = listener;
    }

    /**
     * Claim a slot for a binary command, waiting for room if the ring is full.
     *
     * @param commandTypeId the binary command's registered type id.
     * @return the slot's buffer, to encode the command into from offset 0.
     * @throws IllegalArgumentException if the type id is not registered.
     * @throws IllegalStateException    if a slot is claimed already, or with a single-producer ring on another
     *                                  thread than the one that sends.
     * @throws EngineException if the engine is closed.
     */
    public MutableDirectBuffer claim(final int commandTypeId)
    {
        return claim(commandTypeId, true);
    }

    /**
     * Claim a slot for a binary command if the ring has room.
     *
     * @param commandTypeId the binary command's registered type id.
     * @return the slot's buffer, or null if the ring is full (back pressure).
     * @throws IllegalArgumentException if the type id is not registered.
     * @throws IllegalStateException    if a slot is claimed already, or with a single-producer ring on another
     *                                  thread than the one that sends.
     * @throws EngineException if the engine is closed.
     */
    public MutableDirectBuffer tryClaim(final int commandTypeId)
    {
        return claim(commandTypeId, false);
    }

    private MutableDirectBuffer claim(final int commandTypeId, final boolean wait)
    {
        claims.checkProducer();
        checkNothingClaimed();
        final CommandType type = commandType(commandTypeId);
        final long sequence = claimSlots(1, wait);
        if (sequence < 0)
        {
            return null;
        }
        claimedSequence = sequence;
        claimedType = type;
        return ring.get(claimedSequence).commandBuffer;
    }

    /**
     * Claim {@code count} slots at once, waiting for room for all of them if the ring is full. Fill each with
     * {@link #buffer(int)} and {@link #command(int, int, int, long)}, then publish them all with
     * {@link #publishBatch()} (a slot left unfilled is passed over), or give them all back with {@link #abort()}.
     *
     * @param count how many, 1 to the ring size.
     * @return {@code count}.
     * @throws IllegalArgumentException if the count is not within the ring.
     * @throws IllegalStateException    if a slot is claimed already, or with a single-producer ring on another
     *                                  thread than the one that sends.
     * @throws EngineException if the engine is closed.
     */
    public int claimBatch(final int count)
    {
        return claimBatch(count, true);
    }

    /**
     * Claim {@code count} slots at once if the ring has room for all of them; see {@link #claimBatch(int)}.
     *
     * @param count how many, 1 to the ring size.
     * @return {@code count}, or 0 if the ring has not that much room (back pressure); nothing is claimed then.
     * @throws IllegalArgumentException if the count is not within the ring.
     * @throws IllegalStateException    if a slot is claimed already, or with a single-producer ring on another
     *                                  thread than the one that sends.
     * @throws EngineException if the engine is closed.
     */
    public int tryClaimBatch(final int count)
    {
        return claimBatch(count, false);
    }

    private int claimBatch(final int count, final boolean wait)
    {
        claims.checkProducer();
        checkNothingClaimed();
        if (count < 1 || count > ring.getBufferSize())
        {
            throw new IllegalArgumentException("a batch must be 1 to the ring's " + ring.getBufferSize() +
                " slots: " + count);
        }
        final long last = claimSlots(count, wait);
        if (last < 0)
        {
            return 0;
        }
        for (long sequence = last - count + 1; sequence <= last; sequence++)
        {
            ring.get(sequence).requestControl(ControlRequest.NOOP); // until filled
        }
        claimedSequence = last;
        batchSize = count;
        return count;
    }

    /** Claim slots: the last one's sequence, or -1 for no room. */
    private long claimSlots(final int count, final boolean wait)
    {
        engine.beginPublish();
        final long sequence;
        try
        {
            sequence = claims.claim(count, wait);
        }
        catch (final RuntimeException ex)
        {
            engine.endPublish(); // on an engine thread that would wait: the close must not wait for this claim
            throw ex;
        }
        if (sequence == RingClaims.NO_ROOM || sequence == RingClaims.CLOSED)
        {
            engine.endPublish();
            if (sequence == RingClaims.CLOSED)
            {
                throw new EngineException("the engine is closed");
            }
            return -1;
        }
        return sequence;
    }

    /**
     * The buffer of a slot of the claimed batch, to encode a command into from offset 0.
     *
     * @param index the slot's index in the batch, from 0.
     * @return the buffer.
     * @throws IllegalStateException     if no batch is claimed.
     * @throws IndexOutOfBoundsException if the index is not within the batch.
     */
    public MutableDirectBuffer buffer(final int index)
    {
        return ring.get(batchSequence(index)).commandBuffer;
    }

    /**
     * Set the command encoded into a slot of the claimed batch, at the engine's default durability.
     *
     * @param index         the slot's index in the batch, from 0.
     * @param commandTypeId the binary command's registered type id.
     * @param length        bytes of the command in the slot's buffer.
     * @param correlationId handed back to the response listener.
     * @throws IllegalArgumentException  if the type id is not registered or the length is not within the slot;
     *                                   the slot is then passed over and the batch stays claimed.
     * @throws IllegalStateException     if no batch is claimed.
     * @throws IndexOutOfBoundsException if the index is not within the batch.
     */
    public void command(final int index, final int commandTypeId, final int length, final long correlationId)
    {
        command(index, commandTypeId, length, correlationId, SendOptions.ANY_VERSION, defaultDurability);
    }

    /**
     * Set the command encoded into a slot of the claimed batch.
     *
     * @param index           the slot's index in the batch, from 0.
     * @param commandTypeId   the binary command's registered type id.
     * @param length          bytes of the command in the slot's buffer.
     * @param correlationId   handed back to the response listener.
     * @param expectedVersion version the aggregate must be at, or {@link SendOptions#ANY_VERSION}.
     * @param durability      when the response is given; REPLICATED needs a standby.
     * @throws IllegalArgumentException  if the type id is not registered, the length is not within the slot or the
     *                                   durability cannot be had; the slot is then passed over and the batch stays
     *                                   claimed.
     * @throws IllegalStateException     if no batch is claimed.
     * @throws IndexOutOfBoundsException if the index is not within the batch.
     */
    public void command(final int index, final int commandTypeId, final int length, final long correlationId,
        final long expectedVersion, final Durability durability)
    {
        final CommandSlot slot = ring.get(batchSequence(index));
        slot.requestControl(ControlRequest.NOOP);
        final CommandType type = commandType(commandTypeId);
        check(slot, length, durability);
        slot.requestBinary(type, length, correlationId, expectedVersion, durability, listener);
    }

    /**
     * Publish every slot of the claimed batch at once.
     *
     * @throws IllegalStateException if no batch is claimed.
     */
    public void publishBatch()
    {
        if (0 == batchSize)
        {
            throw new IllegalStateException("no batch is claimed");
        }
        release();
    }

    private long batchSequence(final int index)
    {
        if (0 == batchSize)
        {
            throw new IllegalStateException("no batch is claimed");
        }
        if (index < 0 || index >= batchSize)
        {
            throw new IndexOutOfBoundsException("slot " + index + " of a batch of " + batchSize);
        }
        return claimedSequence - batchSize + 1 + index;
    }

    /**
     * Publish the claimed command at the engine's default durability.
     *
     * @param length        bytes of the command in the slot's buffer.
     * @param correlationId handed back to the response listener.
     */
    public void publish(final int length, final long correlationId)
    {
        publish(length, correlationId, SendOptions.ANY_VERSION, defaultDurability);
    }

    /**
     * Publish the claimed command.
     *
     * @param length          bytes of the command in the slot's buffer.
     * @param correlationId   handed back to the response listener.
     * @param expectedVersion version the aggregate must be at, or {@link SendOptions#ANY_VERSION}.
     * @param durability      when the response is given; REPLICATED needs a standby.
     * @throws IllegalArgumentException if the length is not within the slot or the durability cannot be had; the
     *                                  slot is then given back, as {@link #abort()} does.
     * @throws IllegalStateException    if no single slot is claimed.
     */
    public void publish(final int length, final long correlationId, final long expectedVersion,
        final Durability durability)
    {
        if (claimedSequence == -1 || 0 != batchSize)
        {
            throw new IllegalStateException(0 != batchSize ? "a batch is claimed; publish it with publishBatch" :
                "no slot is claimed");
        }
        final CommandSlot slot = ring.get(claimedSequence);
        try
        {
            check(slot, length, durability);
        }
        catch (final IllegalArgumentException ex)
        {
            abort();
            throw ex;
        }
        slot.requestBinary(claimedType, length, correlationId, expectedVersion, durability, listener);
        release();
    }

    /**
     * Give the claimed slot, or every slot of the claimed batch, back without a command (after an encoding failed,
     * say).
     *
     * @throws IllegalStateException if nothing is claimed.
     */
    public void abort()
    {
        if (claimedSequence == -1)
        {
            throw new IllegalStateException("no slot is claimed");
        }
        for (long sequence = claimedSequence - Math.max(1, batchSize) + 1; sequence <= claimedSequence; sequence++)
        {
            ring.get(sequence).requestControl(ControlRequest.NOOP);
        }
        release();
    }

    private void checkNothingClaimed()
    {
        if (claimedSequence != -1)
        {
            throw new IllegalStateException("a slot is already claimed; publish or abort it first");
        }
    }

    private CommandType commandType(final int commandTypeId)
    {
        final CommandType type = registry.binaryCommand(commandTypeId);
        if (null == type)
        {
            throw new IllegalArgumentException("no binary command is registered with type id " + commandTypeId);
        }
        return type;
    }

    private void check(final CommandSlot slot, final int length, final Durability durability)
    {
        if (durability == Durability.REPLICATED && null == engine.context().replicationLink())
        {
            throw new IllegalArgumentException(
                "durability REPLICATED needs a standby, and replication is not configured for this engine");
        }
        if (length < 0 || length > slot.commandBuffer.capacity())
        {
            throw new IllegalArgumentException(
                "command length " + length + " is not within the slot's " + slot.commandBuffer.capacity() + " bytes");
        }
        if (null == durability)
        {
            throw new IllegalArgumentException("durability must not be null");
        }
    }

    private void release()
    {
        final long last = claimedSequence;
        final int count = Math.max(1, batchSize);
        claimedSequence = -1;
        claimedType = null;
        batchSize = 0;
        if (1 == count)
        {
            claims.publish(last);
        }
        else
        {
            claims.publish(last - count + 1, last);
        }
        engine.endPublish();
    }
}
