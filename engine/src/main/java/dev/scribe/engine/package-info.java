/**
 * The Scribe engine's API and its package-private core. Beside it: {@code dev.scribe.engine.replica} (the replication
 * SPI), {@code dev.scribe.engine.snapshot} (the snapshot files), {@code dev.scribe.engine.monitor} (the counters and
 * error log files) and {@code dev.scribe.engine.tool} (the command-line tools).
 *
 * <p>The Scribe engine: commands enter a Disruptor ring from any thread ({@link dev.scribe.engine.Engine#send}); one
 * business-logic thread decides each against in-memory {@link dev.scribe.engine.Aggregate}s with its
 * {@link dev.scribe.engine.CommandHandler}, journals the emitted events as one record, applies them and, at the end
 * of each batch, completes each caller's {@link dev.scribe.engine.Outcome} at the asked
 * {@link dev.scribe.engine.Durability} ({@code BatchCompletions}; REPLICATED ones go through a responder behind it to
 * the replication gate); behind it on the ring each {@link dev.scribe.engine.Projection} updates on its own thread.
 * On launch, state is rebuilt by replaying the journal through the same {@code apply} methods.
 *
 * <p>The processing core ({@code CommandProcessor}) holds no thread of its own; {@code BusinessLogicHandler}
 * runs it on the ring, and {@link dev.scribe.engine.CommandFixture} steps it on a test's thread (given/when/then,
 * with a {@link dev.scribe.engine.TestClock}); {@link dev.scribe.engine.ProjectionFixture} hands a projection what
 * such a fixture journaled, decoded as at a replay. A ring slot carries a command, or a {@code ControlRequest} (state
 * hash, barrier, promote, lead, snapshot capture, replicated record, timer tick) with its own typed result; how the
 * ring's threads wait is a {@link dev.scribe.engine.RingWait}.
 *
 * <p>The allocation-free way in: a {@link dev.scribe.engine.CommandPublisher} claims a ring slot (or a batch of
 * them), the caller writes a binary command into it, the handler views it in place through its codec and fills
 * slot-owned events ({@link dev.scribe.engine.Decision#emitNew}), and the publisher's (or the engine's)
 * {@link dev.scribe.engine.ResponseListener} gets the outcome.
 *
 * <p>The read side, none of it on the ring: {@link dev.scribe.engine.Subscriptions} (named, checkpointed readers of
 * the journal with chunks, filters, partitions, retries and a dead-letter store of parked events),
 * {@link dev.scribe.engine.JournalEvents} (cursor pages of decoded events), {@link dev.scribe.engine.Projections}
 * (queries that wait for a position, live queries as {@code Flow} publishers, a projection rebuilt beside the one in
 * use) and {@link dev.scribe.engine.AuditLog}.
 *
 * <p>Processes over time, decided on the business-logic thread in the records that move them: durable timers
 * ({@link dev.scribe.engine.Decision#schedule}; a {@code TimerTicker} thread publishes ticks, {@code TimerFiring}
 * fires one due timer per tick), sagas ({@link dev.scribe.engine.Saga}, run by {@code SagaRunner}, their runs the
 * built-in {@code SagaInstance} aggregates) and the outbox ({@link dev.scribe.engine.EffectRunner}, a subscription
 * over {@link dev.scribe.engine.EffectRequested}); {@link dev.scribe.engine.SagaFixture} tests them.
 *
 * <p>Replication seams: an engine is a {@link dev.scribe.engine.EngineRole#PRIMARY} or a
 * {@link dev.scribe.engine.EngineRole#STANDBY}. The replication module launches it with a
 * {@link dev.scribe.engine.replica.ReplicaSetup} and drives it through the
 * {@link dev.scribe.engine.replica.ReplicaPort} handed to its {@link dev.scribe.engine.replica.ReplicationLink}:
 * a standby takes the primary's records (journaled at the same positions, applied as replay does) and no commands
 * until it leads the next epoch ({@link dev.scribe.engine.EpochHistory}); REPLICATED results wait for a standby's
 * acknowledgement, or follow the {@link dev.scribe.engine.NoStandbyPolicy}. The user's API
 * ({@link dev.scribe.engine.Engine}, {@link dev.scribe.engine.EngineContext}) has none of this.
 * {@link dev.scribe.engine.EventVersions} declares older event classes and the upcasters that read them as current
 * ones.
 *
 * <p>Snapshots and recovery: with a {@link dev.scribe.engine.SnapshotPolicy} (or on
 * {@link dev.scribe.engine.Engine#snapshot()}) a snapshot slot passes through the ring; the business-logic thread
 * copies the aggregates, idempotency keys and epoch history, projections with a
 * {@link dev.scribe.engine.Projection#snapshotName()} copy theirs at the same position, and a snapshot thread sorts,
 * checks, hashes and writes the copy ({@code SnapshotTaker}) into the files of {@code dev.scribe.engine.snapshot}. At
 * launch {@code StateRecovery} loads the newest usable snapshot and replays what follows
 * ({@link dev.scribe.engine.Engine#recovery()}); {@link dev.scribe.engine.ReadOnlyEngine} rebuilds the state as of any
 * position, read-only, and {@link dev.scribe.engine.tool.ReplayTool} does it from the command line.
 *
 * <p>The engine's counters ({@code counters.dat}) and its log of distinct errors ({@code errors.dat}) are
 * memory-mapped files in the engine directory; every error reported on any thread is counted and logged there before
 * the user's {@link org.agrona.ErrorHandler} sees it. {@link dev.scribe.engine.tool.EngineStat} reads both from
 * another process, while the engine runs or after it has stopped or crashed; other tools read the counters with
 * {@link dev.scribe.engine.monitor.CountersSnapshot}, and the error log with
 * {@link dev.scribe.engine.monitor.ErrorLogSnapshot}. The business-logic thread publishes its totals once a batch,
 * after the batch's journal write, and they carry on across restarts ({@code CounterTotals}); the latency of each
 * acknowledged command is kept by durability ({@code LatencyHistogram}); {@link dev.scribe.engine.EngineMetrics}
 * reads all of it, and each projection's and subscription's lag, in this process for a metrics library. A command
 * handler that throws is rejected as {@code HANDLER_FAILED}, counted, and logged off the business-logic thread
 * ({@code HandlerFailures}); the engine logs through SLF4J.
 */
package dev.scribe.engine;
