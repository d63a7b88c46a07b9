package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.example.sbe.DepositedDecoder;
import dev.scribe.codecs.example.sbe.DepositedEncoder;
import dev.scribe.codecs.example.sbe.MessageHeaderDecoder;
import dev.scribe.codecs.example.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A payload codec for the SBE {@code Deposited} message that allocates nothing per call: it encodes with the
 * generated encoder behind a message header and decodes by wrapping a reused decoder and filling a reused
 * {@link MutableDeposited}.
 *
 * <p>This is how an application plugs an SBE codec into Scribe: implement {@link PayloadCodec} over the flyweights
 * SBE generates from its own schema and register it in the same {@link CodecRegistry} as its record codecs.
 *
 * <p>Like every flyweight, the value returned by {@link #decode(DirectBuffer, int, int)} is overwritten by the next
 * decode, and the codec must be used by one thread at a time.
 */
final class DepositedFlyweightCodec implements PayloadCodec<DepositedFlyweightCodec.MutableDeposited>
{
    /** Type id of the {@code Deposited} event in journals. */
    static final int TYPE_ID = 100;

    private static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int ENCODED_LENGTH = HEADER_LENGTH + DepositedEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final DepositedEncoder encoder = new DepositedEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final DepositedDecoder decoder = new DepositedDecoder();
    private final MutableDeposited decoded = new MutableDeposited();

    /**
     * A reusable holder for a {@code Deposited} event.
     */
    static final class MutableDeposited
    {
        private long accountId;
        private long amount;

        long accountId()
        {
            return accountId;
        }

        MutableDeposited accountId(final long accountId)
        {
            this.accountId = accountId;
            return this;
        }

        long amount()
        {
            return amount;
        }

        MutableDeposited amount(final long amount)
        {
            this.amount = amount;
            return this;
        }
    }

    @Override
    public Class<MutableDeposited> type()
    {
        return MutableDeposited.class;
    }

    @Override
    public int typeId()
    {
        return TYPE_ID;
    }

    @Override
    public int version()
    {
        return DepositedEncoder.SCHEMA_VERSION;
    }

    @Override
    public int encode(final MutableDeposited value, final MutableDirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - ENCODED_LENGTH)
        {
            if (!buffer.isExpandable() || offset < 0)
            {
                throw new CodecException("Deposited", offset, "buffer too small: " + ENCODED_LENGTH +
                    " bytes needed, capacity is " + buffer.capacity());
            }
            buffer.checkLimit(offset + ENCODED_LENGTH);
        }
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .accountId(value.accountId())
            .amount(value.amount());
        return ENCODED_LENGTH;
    }

    @Override
    public MutableDeposited decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new CodecException("Deposited", offset, "length " + length + " is outside the buffer");
        }
        if (length < HEADER_LENGTH)
        {
            throw new CodecException("messageHeader", offset, "truncated: " + length + " bytes");
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != DepositedDecoder.SCHEMA_ID)
        {
            throw new CodecException("messageHeader.schemaId", offset + MessageHeaderDecoder.schemaIdEncodingOffset(),
                "expected " + DepositedDecoder.SCHEMA_ID + " but was " + headerDecoder.schemaId());
        }
        if (headerDecoder.templateId() != DepositedDecoder.TEMPLATE_ID)
        {
            throw new CodecException("messageHeader.templateId",
                offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                "expected " + DepositedDecoder.TEMPLATE_ID + " but was " + headerDecoder.templateId());
        }
        final int blockLength = headerDecoder.blockLength();
        if (blockLength < DepositedDecoder.BLOCK_LENGTH || blockLength != length - HEADER_LENGTH)
        {
            throw new CodecException("messageHeader.blockLength",
                offset + MessageHeaderDecoder.blockLengthEncodingOffset(),
                "block length " + blockLength + " does not fit the " + length + " bytes given");
        }
        decoder.wrap(buffer, offset + HEADER_LENGTH, blockLength, headerDecoder.version());
        return decoded.accountId(decoder.accountId()).amount(decoder.amount());
    }
}
