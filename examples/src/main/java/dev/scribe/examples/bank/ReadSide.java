package dev.scribe.examples.bank;

import dev.scribe.engine.AuditLog;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EventPage;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.LiveQuery;
import dev.scribe.engine.LiveResult;
import dev.scribe.engine.RetryPolicy;
import dev.scribe.engine.RunningSubscription;
import dev.scribe.engine.Subscription;

import dev.scribe.journal.PositionFormat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bank's read side while the demo's load runs: a statement subscription whose mailer fails now and then (retried
 * with backoff) and refuses one kind of event for good (parked in the dead-letter store), a live "largest
 * balances" query, and an audit log of the newest events. At the end the statements mailed and parked are checked
 * against a cursor read of the journal, the live query's last result against a fresh query, and the audit log's newest
 * entry against the journal's newest event.
 */
final class ReadSide implements AutoCloseable
{
    /** Deposits of this amount the mailer refuses, so they are parked. */
    static final long REFUSED_AMOUNT = 13;

    private final Engine engine;
    private final BalancesView view;
    private final int top;
    private final Map<String, Long> statements = new ConcurrentHashMap<>();
    private final AtomicLong mailed = new AtomicLong();
    private final AtomicLong failedTries = new AtomicLong();
    private final AtomicLong liveResults = new AtomicLong();
    private final AtomicReference<LiveResult<BalancesView.Summary>> lastLive = new AtomicReference<>();
    private final AtomicReference<Throwable> liveError = new AtomicReference<>();
    private final RunningSubscription subscription;
    private final LiveQuery<BalancesView.Summary> largest;
    private final AuditLog audit;

    ReadSide(final Engine engine, final BalancesView view, final int top)
    {
        this.engine = engine;
        this.view = view;
        this.top = top;
        subscription = engine.subscriptions().start(Subscription.named("statements")
            .eventTypes(AccountEvent.Deposited.class, AccountEvent.Withdrawn.class)
            .chunkSize(256)
            .retry(RetryPolicy.backoff(3, Duration.ofMillis(1), Duration.ofMillis(10)))
            .handler(this::mail));
        audit = AuditLog.start(engine, "audit", 1_000);
        largest = engine.projections().live(view, v -> v.summary(top));
        largest.subscribe(new Flow.Subscriber<>()
        {
            @Override
            public void onSubscribe(final Flow.Subscription subscription)
            {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(final LiveResult<BalancesView.Summary> item)
            {
                liveResults.incrementAndGet();
                lastLive.set(item);
            }

            @Override
            public void onError(final Throwable throwable)
            {
                liveError.set(throwable);
            }

            @Override
            public void onComplete()
            {
                // the query closed with the engine
            }
        });
    }

    /** The mailer: fails one try in 97, and refuses deposits of {@value #REFUSED_AMOUNT} for good. */
    private void mail(final List<JournalEvent> events)
    {
        for (final JournalEvent event : events)
        {
            if (event.event() instanceof AccountEvent.Deposited deposited && REFUSED_AMOUNT == deposited.amount())
            {
                failedTries.incrementAndGet();
                throw new IllegalStateException("the mailer refuses deposits of " + REFUSED_AMOUNT);
            }
        }
        if (0 == (events.get(0).position() + failedTries.get()) % 97)
        {
            failedTries.incrementAndGet();
            throw new IllegalStateException("the mail server is busy");
        }
        for (final JournalEvent event : events)
        {
            statements.merge(event.aggregateId(), 1L, Long::sum);
        }
        mailed.addAndGet(events.size());
    }

    /**
     * Wait for the read side to reach a position, print what it did, and say what is wrong.
     *
     * @return one message per problem.
     */
    List<String> report(final long position, final PrintStream out) throws InterruptedException
    {
        final List<String> problems = new ArrayList<>();
        if (!subscription.awaitPosition(position, Duration.ofSeconds(30)))
        {
            problems.add("the statement subscription did not reach position " + PositionFormat.position(position) +
                ": it is at " + PositionFormat.position(subscription.position()) +
                (null == subscription.failure() ? "" : ", " + subscription.failure()));
        }
        final BalancesView.Summary fresh = engine.projections().query(view, position, Duration.ofSeconds(30),
            v -> v.summary(top));
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (null == lastLive.get() || !fresh.equals(lastLive.get().value())))
        {
            Thread.sleep(1); // a demo waiting for its own display to catch up
        }
        long journaled = 0;
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, 10_000);
            journaled += page.events().stream().filter(e -> e.event() instanceof AccountEvent.Deposited ||
                e.event() instanceof AccountEvent.Withdrawn).count();
            cursor = page.cursor();
        }
        while (!page.end());
        final long parked = subscription.parked().size();
        out.printf(Locale.ROOT, "%nRead side: statements mailed for %,d events to %,d accounts, %,d tries failed " +
            "and were retried, %,d events parked (deposits of %d), %,d deposits and withdrawals in the journal%n",
            mailed.get(), statements.size(), failedTries.get(), parked, REFUSED_AMOUNT, journaled);
        out.printf(Locale.ROOT, "  live 'largest balances' query: %,d results, the last at position %s%n",
            liveResults.get(), PositionFormat.position(null == lastLive.get() ? -1 : lastLive.get().position()));
        if (!audit.awaitPosition(position, Duration.ofSeconds(30)))
        {
            problems.add("the audit log did not reach position " + PositionFormat.position(position));
        }
        final List<AuditLog.Entry> newest = audit.recent(3);
        out.printf(Locale.ROOT, "  audit log, newest first: %s%n", newest.stream().map(e -> e.aggregateId() + " v" +
            e.version() + " " + e.event()).toList());
        if (newest.isEmpty() || newest.get(0).position() != engine.events().backward(null, 1).events().get(0)
            .position())
        {
            problems.add("the audit log's newest entry " + newest + " is not the journal's newest event");
        }
        if (mailed.get() + parked != journaled)
        {
            problems.add("statements mailed (" + mailed.get() + ") and parked (" + parked + ") do not add up to " +
                "the " + journaled + " deposits and withdrawals in the journal");
        }
        if (null != liveError.get() || null == lastLive.get() || !fresh.equals(lastLive.get().value()))
        {
            problems.add("the live query's last result " + lastLive.get() + " is not a fresh query's " + fresh +
                (null == liveError.get() ? "" : ": " + liveError.get()));
        }
        return problems;
    }

    @Override
    public void close()
    {
        audit.close();
        largest.close();
        subscription.close();
    }
}
