/**
 * The engine's replication SPI, for the replication module and nothing else: {@link
 * dev.scribe.engine.replica.ReplicaSetup} (role, link, hash-check interval) given to
 * {@link dev.scribe.engine.Engine#launch(dev.scribe.engine.EngineContext, dev.scribe.engine.replica.ReplicaSetup)},
 * the {@link dev.scribe.engine.replica.ReplicationLink} the engine tells what it journals, and the
 * {@link dev.scribe.engine.replica.ReplicaPort} the engine hands that link at launch, through which the replication
 * module hands a standby records, acknowledges a primary's REPLICATED results and changes leadership. Users of the
 * engine need none of it: they configure replication on {@code dev.scribe.replication.ReplicationContext}.
 */
package dev.scribe.engine.replica;
