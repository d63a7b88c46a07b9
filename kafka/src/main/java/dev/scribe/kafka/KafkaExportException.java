package dev.scribe.kafka;

/**
 * A Kafka export that cannot go on: no broker answered within the deadline, the topic does not exist, or Kafka did
 * not acknowledge a chunk. Its message says which, naming the topic and the setting to look at.
 */
public final class KafkaExportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A failure of the export.
     *
     * @param message what went wrong.
     */
    public KafkaExportException(final String message)
    {
        super(message);
    }

    /**
     * A failure of the export, with its cause.
     *
     * @param message what went wrong.
     * @param cause   what Kafka's client said.
     */
    public KafkaExportException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
