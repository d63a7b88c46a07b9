/**
 * Exports a Scribe engine's journal to a Kafka topic.
 *
 * <p>{@link dev.scribe.kafka.KafkaExport#launch} concludes a {@link dev.scribe.kafka.KafkaExportContext}, checks that
 * the topic exists, reads the last record of each of its partitions ({@code PartitionEnds}) into per-partition marks
 * ({@code ExportMarks}), and starts a subscription whose handler is an {@code EventPublisher}. Data flows one way:
 * journal &rarr; subscription thread &rarr; {@code EventPublisher} (key the aggregate id, value the serializer's
 * bytes, by default {@link dev.scribe.kafka.EventJson}; headers the journal place) &rarr; an idempotent Kafka
 * producer &rarr; flush &rarr; the subscription's checkpoint. A chunk Kafka did not acknowledge throws; the
 * subscription retries it, and the publisher first re-reads the partitions' ends so that nothing Kafka already holds
 * is sent twice.
 *
 * <p>Only this module imports {@code org.apache.kafka}.
 */
package dev.scribe.kafka;
