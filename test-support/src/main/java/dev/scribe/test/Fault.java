package dev.scribe.test;

/**
 * What one direction does with the bytes it reads: forward them once {@code delayNs} has passed since they were read
 * (zero when passing), hold them (a stall) or drop them (a blackhole). Immutable and swapped whole, so a pump never
 * sees a mode with another fault's delay.
 *
 * @param mode    forward, hold or drop.
 * @param delayNs how long each chunk waits after it was read before it is forwarded.
 */
record Fault(Fault.Mode mode, long delayNs)
{
    static final Fault PASS = new Fault(Mode.FORWARD, 0);
    static final Fault STALL = new Fault(Mode.HOLD, 0);
    static final Fault BLACKHOLE = new Fault(Mode.DROP, 0);

    /** What happens to the bytes read. */
    enum Mode
    {
        FORWARD,
        HOLD,
        DROP
    }

    static Fault delay(final long delayNs)
    {
        return new Fault(Mode.FORWARD, delayNs);
    }
}
