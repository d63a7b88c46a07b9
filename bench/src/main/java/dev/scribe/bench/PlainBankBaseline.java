package dev.scribe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The plain design the engine is measured against, doing the same bank work the way a straightforward service
 * would: producers {@code put} each command with a new future into an {@link ArrayBlockingQueue}; one consumer
 * thread {@code take}s them one at a time, runs a {@code synchronized} handler over a {@code HashMap} of accounts
 * (the rules of {@link BenchBank}), writes one record per accepted command to a file with one
 * {@link FileChannel#write}, and completes the future with a new {@link Result}.
 *
 * <p>Each record is as long as the engine's record for the same command ({@link BenchBank#recordLength()}), so both
 * write the same bytes per command. Like the engine's {@code JOURNALED} level, a completed command has reached the
 * operating system (the page cache) and survives the process, not the machine: nothing is synced.
 * <pre>
 *   record := sequence:int64 timestampNs:int64 version:int64 amount:int64 idLength:int16 id:ascii[idLength]
 *             zero padding to the engine's record length
 * </pre>
 */
final class PlainBankBaseline implements AutoCloseable
{
    /**
     * A command's result: accepted with the account's new version, or rejected with a reason.
     *
     * @param accepted whether the command was accepted.
     * @param version  the account's version after the command; -1 if rejected.
     * @param reason   why it was rejected; null if accepted.
     */
    record Result(boolean accepted, long version, String reason)
    {
    }

    private record Request(Object command, CompletableFuture<Result> future)
    {
    }

    private static final class Account
    {
        private boolean open;
        private long balance;
        private long version;
    }

    private static final Request STOP = new Request(null, null);
    private static final int HEADER_BYTES = 4 * Long.BYTES + Short.BYTES;

    private final ArrayBlockingQueue<Request> queue;
    private final Map<String, Account> accounts = new HashMap<>();
    private final FileChannel channel;
    private final ByteBuffer record;
    private final Thread consumer;
    private long sequence;

    /**
     * Open the file and start the consumer thread.
     *
     * @param file          the file records are written to; created, and must not exist.
     * @param queueCapacity capacity of the command queue.
     * @param recordLength  bytes written per accepted command.
     */
    PlainBankBaseline(final Path file, final int queueCapacity, final int recordLength)
    {
        if (recordLength < HEADER_BYTES)
        {
            throw new IllegalArgumentException("recordLength must be at least " + HEADER_BYTES + ": " + recordLength);
        }
        queue = new ArrayBlockingQueue<>(queueCapacity);
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + file, ex);
        }
        record = ByteBuffer.allocateDirect(recordLength).order(ByteOrder.LITTLE_ENDIAN);
        consumer = new Thread(this::consume, "plain-bank-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /**
     * Queue a command, waiting while the queue is full.
     *
     * @param command a {@link BenchBank} command.
     * @return its result, completed by the consumer thread.
     */
    CompletableFuture<Result> send(final Object command)
    {
        final CompletableFuture<Result> future = new CompletableFuture<>();
        try
        {
            queue.put(new Request(command, future));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            future.completeExceptionally(ex);
        }
        return future;
    }

    private void consume()
    {
        try
        {
            while (true)
            {
                final Request request = queue.take();
                if (STOP == request)
                {
                    return;
                }
                try
                {
                    request.future().complete(handle(request.command()));
                }
                catch (final IOException | RuntimeException ex)
                {
                    request.future().completeExceptionally(ex);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Result handle(final Object command) throws IOException
    {
        if (command instanceof BenchBank.Deposit deposit)
        {
            final Account account = accounts.get(deposit.account());
            if (null == account || !account.open)
            {
                return rejected("no account " + deposit.account());
            }
            if (deposit.amount() <= 0)
            {
                return rejected("amount must be positive");
            }
            account.balance += deposit.amount();
            return accepted(deposit.account(), account, deposit.amount());
        }
        if (command instanceof BenchBank.Withdraw withdraw)
        {
            final Account account = accounts.get(withdraw.account());
            final long balance = null == account ? 0 : account.balance;
            if (null == account || balance < withdraw.amount())
            {
                return rejected("insufficient funds: balance " + balance);
            }
            account.balance -= withdraw.amount();
            return accepted(withdraw.account(), account, withdraw.amount());
        }
        if (command instanceof BenchBank.Open open)
        {
            final Account account = accounts.computeIfAbsent(open.account(), id -> new Account());
            if (account.open)
            {
                return rejected(open.account() + " is already open");
            }
            account.open = true;
            return accepted(open.account(), account, 0);
        }
        return rejected("unknown command " + command.getClass().getName());
    }

    private Result accepted(final String accountId, final Account account, final long amount) throws IOException
    {
        account.version++;
        record.clear();
        record.putLong(++sequence).putLong(System.nanoTime()).putLong(account.version).putLong(amount)
            .putShort((short)accountId.length());
        for (int i = 0, length = accountId.length(); i < length && record.position() < record.limit(); i++)
        {
            record.put((byte)accountId.charAt(i));
        }
        record.clear();
        while (record.hasRemaining())
        {
            channel.write(record);
        }
        return new Result(true, account.version, null);
    }

    private static Result rejected(final String reason)
    {
        return new Result(false, -1, reason);
    }

    /**
     * Finish the commands already queued, stop the consumer thread and close the file.
     */
    @Override
    public void close()
    {
        try
        {
            queue.put(STOP);
            consumer.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close the plain baseline's file", ex);
            }
        }
    }
}
