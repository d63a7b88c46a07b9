package dev.scribe.engine;

import com.lmax.disruptor.RingBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The allocation-free way in: claim a slot of the ring, encode a binary command (an SBE message, say) straight
 * into its buffer, publish it with a correlation id, and receive the outcome through the engine's
 * {@link ResponseListener}. One publisher per producing thread; a claimed slot must be published or aborted.
 *
 * <pre>{@code
 * MutableDirectBuffer buffer = publisher.claim(DEPOSIT);
 * encoder.wrapAndApplyHeader(buffer, 0, header).account(7).amount(100);
 * int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
 * publisher.publish(length, correlationId);
 * }</pre>
 */
public final class CommandPublisher
{
    private final Engine engine;
    private final RingBuffer<CommandSlot> ring;
    private final RingClaims claims;
    private final Registry registry;
    private final Durability defaultDurability;
    private CommandType claimedType;
    private long claimedSequence = -1;

    CommandPublisher(
        final Engine engine,
        final RingBuffer<CommandSlot> ring,
        final RingClaims claims,
        final Registry registry,
        final Durability durability)
    {
        this.claims = claims;
        this.engine = engine;
        this.ring = ring;
        this.registry = registry;
        this.defaultDurability = durability;
    }

    /**
     * Claim a slot for a binary command, waiting for room if the ring is full.
     *
     * @param commandTypeId the binary command's registered type id.
     * @return the slot's buffer, to encode the command into from offset 0.
     * @throws IllegalArgumentException if the type id is not registered.
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
     * @throws EngineException if the engine is closed.
     */
    public MutableDirectBuffer tryClaim(final int commandTypeId)
    {
        return claim(commandTypeId, false);
    }

    private MutableDirectBuffer claim(final int commandTypeId, final boolean wait)
    {
        if (claimedSequence != -1)
        {
            throw new IllegalStateException("a slot is already claimed; publish or abort it first");
        }
        final CommandType type = registry.binaryCommand(commandTypeId);
        if (null == type)
        {
            throw new IllegalArgumentException("no binary command is registered with type id " + commandTypeId);
        }
        engine.beginPublish();
        final long sequence = claims.claim(wait);
        if (sequence == RingClaims.NO_ROOM || sequence == RingClaims.CLOSED)
        {
            engine.endPublish();
            if (sequence == RingClaims.CLOSED)
            {
                throw new EngineException("the engine is closed");
            }
            return null;
        }
        claimedSequence = sequence;
        claimedType = type;
        return ring.get(claimedSequence).commandBuffer;
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
     */
    public void publish(final int length, final long correlationId, final long expectedVersion,
        final Durability durability)
    {
        final long sequence = checkClaimed();
        final CommandSlot slot = ring.get(sequence);
        final boolean unreplicated = durability == Durability.REPLICATED && !engine.replicated();
        if (length < 0 || length > slot.commandBuffer.capacity() || unreplicated)
        {
            abort();
            throw new IllegalArgumentException(unreplicated ?
                "durability REPLICATED needs a standby, and replication is not configured for this engine" :
                "command length " + length + " is not within the slot's " + slot.commandBuffer.capacity() + " bytes");
        }
        slot.requestBinary(claimedType, length, correlationId, expectedVersion, durability);
        release(sequence);
    }

    /**
     * Give the claimed slot back without a command (after an encoding failed, say).
     */
    public void abort()
    {
        final long sequence = checkClaimed();
        ring.get(sequence).requestControl(ControlRequest.NOOP);
        release(sequence);
    }

    private long checkClaimed()
    {
        if (claimedSequence == -1)
        {
            throw new IllegalStateException("no slot is claimed");
        }
        return claimedSequence;
    }

    private void release(final long sequence)
    {
        claimedSequence = -1;
        claimedType = null;
        ring.publish(sequence);
        engine.endPublish();
    }
}
