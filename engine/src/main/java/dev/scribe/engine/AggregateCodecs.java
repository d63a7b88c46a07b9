package dev.scribe.engine;

import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.codecs.payload.StateCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * The codec of each aggregate type's state for snapshots: the policy's own codec where one is given, else the
 * built-in {@link StateCodec}. A type whose state the built-in codec cannot encode is remembered with the reason,
 * which is the error of any snapshot taken while it is registered.
 */
final class AggregateCodecs
{
    private final AggregateType[] types;
    private final PayloadCodec<Aggregate>[] codecs;
    private final long[] fingerprints;
    private final String problem;

    @SuppressWarnings({"unchecked", "rawtypes"})
    AggregateCodecs(final Registry registry, final SnapshotPolicy policy)
    {
        final List<AggregateType> registered = registry.aggregateTypes();
        types = registered.toArray(new AggregateType[0]);
        codecs = new PayloadCodec[types.length];
        fingerprints = new long[types.length];
        String firstProblem = null;
        for (int i = 0; i < types.length; i++)
        {
            final AggregateType type = types[i];
            final PayloadCodec<?> custom = type.type() == Timers.class ? new TimersCodec() : policy.codec(type.type());
            if (null != custom)
            {
                codecs[i] = (PayloadCodec<Aggregate>)custom;
                continue;
            }
            try
            {
                final StateCodec<Aggregate> codec = StateCodec.of(
                    (Class<Aggregate>)type.type(), type::create, i, 0);
                codecs[i] = codec;
                fingerprints[i] = codec.fingerprint();
            }
            catch (final RuntimeException ex)
            {
                if (null == firstProblem)
                {
                    firstProblem = "the state of aggregate " + type.type().getName() + " cannot be written to a " +
                        "snapshot by the built-in state codec (" + ex.getMessage() + "); give it a codec with " +
                        "SnapshotPolicy.codec";
                }
            }
        }
        problem = firstProblem;
    }

    /** Why snapshots cannot be taken, or null if every type has a codec. */
    String problem()
    {
        return problem;
    }

    int count()
    {
        return types.length;
    }

    AggregateType type(final int index)
    {
        return types[index];
    }

    int indexOf(final AggregateType type)
    {
        for (int i = 0; i < types.length; i++)
        {
            if (types[i] == type)
            {
                return i;
            }
        }
        throw new IllegalStateException(type.type().getName() + " is not a registered aggregate");
    }

    /** The layout version written into the snapshot: the custom codec's version, 0 for the built-in codec. */
    int version(final int index)
    {
        return null == codecs[index] ? -1 : codecs[index].version();
    }

    /** The field layout fingerprint of the built-in codec, 0 for a custom codec. */
    long fingerprint(final int index)
    {
        return fingerprints[index];
    }

    boolean available(final int index)
    {
        return null != codecs[index];
    }

    int encode(final int index, final Aggregate state, final MutableDirectBuffer buffer, final int offset)
    {
        return codecs[index].encode(state, buffer, offset);
    }

    Aggregate decode(final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        final Aggregate state = codecs[index].decode(buffer, offset, length);
        if (null == state || state.getClass() != types[index].type())
        {
            throw new IllegalStateException("the snapshot codec of " + types[index].type().getName() + " decoded " +
                (null == state ? "null" : "a " + state.getClass().getName()));
        }
        return state;
    }
}
