package dev.scribe.engine;

import org.agrona.ErrorHandler;

/**
 * The engine's defaults and the system properties that override them ({@link EngineContext}'s settings).
 */
public final class EngineConfiguration
{
    /** System property for the engine directory. */
    public static final String DIRECTORY_PROP_NAME = "scribe.engine.dir";
    /** Default engine directory: the journal goes in its {@code journal} subdirectory. */
    public static final String DIRECTORY_DEFAULT = "data/engine";
    /** System property for the ring size. */
    public static final String RING_SIZE_PROP_NAME = "scribe.engine.ring.size";
    /** Default ring size, a power of two: small enough that walking every slot in turn stays in the caches. */
    public static final int RING_SIZE_DEFAULT = 1024;
    /** System property for the bytes of a binary command's slot buffer. */
    public static final String MAX_COMMAND_BYTES_PROP_NAME = "scribe.engine.max.command.bytes";
    /** Default bytes of a binary command's slot buffer. */
    public static final int MAX_COMMAND_BYTES_DEFAULT = 512;
    /** System property for how many idempotency keys are remembered. */
    public static final String IDEMPOTENCY_KEYS_PROP_NAME = "scribe.engine.idempotency.keys";
    /** Default number of idempotency keys remembered: the newest 1,048,576. */
    public static final int IDEMPOTENCY_KEYS_DEFAULT = 1 << 20;
    /** System property for the default durability. */
    public static final String DURABILITY_PROP_NAME = "scribe.engine.durability";
    /** Default durability. */
    public static final Durability DURABILITY_DEFAULT = Durability.JOURNALED;
    /** System property for the length in bytes of the error log in {@code errors.dat}. */
    public static final String ERROR_LOG_LENGTH_PROP_NAME = "scribe.engine.error.log.length";
    /** Default error log length: 1 MiB, room for hundreds of distinct stack traces. */
    public static final int ERROR_LOG_LENGTH_DEFAULT = 1024 * 1024;
    /** Smallest error log length accepted. */
    public static final int ERROR_LOG_LENGTH_MIN = 4096;
    /** Largest error log length accepted. */
    public static final int ERROR_LOG_LENGTH_MAX = 1024 * 1024 * 1024;
    /**
     * Default error handler: does nothing more, since the engine has already counted the error and written it
     * to {@code errors.dat} (read it with {@code scribe errors DIR}).
     */
    public static final ErrorHandler ERROR_HANDLER_DEFAULT = error -> {};
    /** System property for {@link EngineContext#singleProducer(boolean)}: {@code true} or {@code false}. */
    public static final String SINGLE_PRODUCER_PROP_NAME = "scribe.engine.single.producer";
    /** Default: any number of threads may send commands. */
    public static final boolean SINGLE_PRODUCER_DEFAULT = false;
    /** System property for {@link EngineContext#unpinnedTypeIds(UnpinnedTypeIds)}: {@code FAIL} or {@code WARN}. */
    public static final String UNPINNED_TYPE_IDS_PROP_NAME = "scribe.engine.unpinned.type.ids";
    /** Default: an engine whose journal holds records does not launch with event types whose ids are not pinned. */
    public static final UnpinnedTypeIds UNPINNED_TYPE_IDS_DEFAULT = UnpinnedTypeIds.FAIL;
    /** System property for {@link EngineContext#handlerStopTimeout(Duration)}, in milliseconds. */
    public static final String HANDLER_STOP_TIMEOUT_PROP_NAME = "scribe.engine.handler.stop.timeout.ms";
    /** Default wait, in milliseconds, for a read-side handler to return when the engine closes: 5 s. */
    public static final int HANDLER_STOP_TIMEOUT_MS_DEFAULT = 5_000;

    private EngineConfiguration()
    {
    }
}
