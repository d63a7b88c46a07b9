package dev.scribe.bench;

import dev.scribe.codecs.payload.RecordCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The record codec against code written by hand for the same bytes, for a one-{@code long} event (the bench bank's
 * {@code Deposited}) and a transfer of two strings and two longs: what decoding and encoding a payload costs the
 * journal's readers (replay, subscriptions) and the business-logic thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecordCodecBenchmark
{
    /** A transfer between two accounts. */
    public record Transferred(String from, String to, long amount, long sequence)
    {
    }

    private final RecordCodec<BenchBank.Deposited> deposited = RecordCodec.of(BenchBank.Deposited.class, 1, 1);
    private final RecordCodec<Transferred> transferred = RecordCodec.of(Transferred.class, 2, 1);
    private final UnsafeBuffer depositedBytes = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer transferredBytes = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[128]);
    private final BenchBank.Deposited deposit = new BenchBank.Deposited(1234);
    private final Transferred transfer = new Transferred("acc-0001", "acc-0002", 1234, 7);
    private int depositedLength;
    private int transferredLength;

    /**
     * Encode one of each.
     */
    @Setup
    public void setup()
    {
        depositedLength = deposited.encode(deposit, depositedBytes, 0);
        transferredLength = transferred.encode(transfer, transferredBytes, 0);
    }

    /**
     * Decode the one-long event with the codec.
     *
     * @return the event.
     */
    @Benchmark
    public Object decodeDeposited()
    {
        return deposited.decode(depositedBytes, 0, depositedLength);
    }

    /**
     * Decode the one-long event by hand.
     *
     * @return the event.
     */
    @Benchmark
    public Object decodeDepositedByHand()
    {
        return new BenchBank.Deposited(depositedBytes.getLong(0, ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * Decode the transfer with the codec.
     *
     * @return the event.
     */
    @Benchmark
    public Object decodeTransferred()
    {
        return transferred.decode(transferredBytes, 0, transferredLength);
    }

    /**
     * Encode the one-long event with the codec.
     *
     * @return the length.
     */
    @Benchmark
    public int encodeDeposited()
    {
        return deposited.encode(deposit, out, 0);
    }

    /**
     * Encode the transfer with the codec.
     *
     * @return the length.
     */
    @Benchmark
    public int encodeTransferred()
    {
        return transferred.encode(transfer, out, 0);
    }
}
