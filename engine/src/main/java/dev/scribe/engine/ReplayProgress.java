package dev.scribe.engine;

/**
 * Told how a replay is going, every few thousand records, on the replaying thread; for tools that print progress.
 */
@FunctionalInterface
public interface ReplayProgress
{
    /**
     * Progress so far.
     *
     * @param records      records applied.
     * @param events       events applied.
     * @param position     position of the last record applied.
     * @param elapsedNanos time since replay began.
     */
    void onProgress(long records, long events, long position, long elapsedNanos);
}
