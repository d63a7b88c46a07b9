package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.PositionFormat;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subscription's parked events: one small properties file each in {@code subscriptions/<name>/parked}, named by
 * the event's position and index, written to a temporary file, forced to storage and renamed into place, so a
 * parked event is on disk before the subscription's checkpoint passes its record. Readable (and removable) by an
 * operator's tools while the engine runs.
 */
final class DeadLetters
{
    /** Suffix of a parked event's file. */
    static final String SUFFIX = ".parked";
    /** Suffix of a request, left by a tool, to retry a parked event. */
    static final String RETRY_SUFFIX = ".retry";
    private static final int MAX_ERROR_CHARS = 2000;
    private static final long MAX_FILE_BYTES = 64 * 1024;
    /** Suffix of the mark an event leaves once it was retried successfully or skipped. */
    static final String DONE_SUFFIX = ".done";
    private static final Pattern PARKED_NAME = Pattern.compile("(\\d{1,20})-(\\d{1,10})(" + Pattern.quote(SUFFIX) +
        "|" + Pattern.quote(DONE_SUFFIX) + ")");
    private static final Pattern REQUEST_NAME = Pattern.compile("(\\d{1,20})-(\\d{1,10})" +
        Pattern.quote(RETRY_SUFFIX));
    private static final Logger LOG = EngineLog.ENGINE;

    /** Suffix added to the file of a parked event (or a mark) whose record the journal no longer holds. */
    static final String STALE_SUFFIX = ".stale";
    private static final String CRC_KEY = "recordCrc32c";

    private final String subscription;
    private final Path directory;
    private final FileAccess access;
    private final RecordCrcs crcs;

    /** The CRC32C of the journal's record at a position, unsigned, or -1 if the journal holds none there. */
    @FunctionalInterface
    interface RecordCrcs
    {
        long crcAt(long position);
    }

    DeadLetters(final String subscription, final Path directory, final FileAccess access)
    {
        this(subscription, directory, access, null);
    }

    /**
     * A store that can tell whether each parked event's record is still in the journal.
     *
     * @param crcs the journal's records' CRCs; null for a store that only lists, skips and asks for retries.
     */
    DeadLetters(final String subscription, final Path directory, final FileAccess access, final RecordCrcs crcs)
    {
        this.subscription = subscription;
        this.directory = directory;
        this.access = access;
        this.crcs = crcs;
    }

    /** The store's directory. */
    Path directory()
    {
        return directory;
    }

    /**
     * Park an event, or update the file of one parked before.
     *
     * @throws EngineException naming the file if it cannot be written.
     */
    void park(final ParkedEvent parked)
    {
        final Properties properties = new Properties();
        properties.setProperty("subscription", parked.subscription());
        properties.setProperty("position", Long.toString(parked.position()));
        properties.setProperty("index", Integer.toString(parked.index()));
        properties.setProperty("aggregateId", parked.aggregateId());
        properties.setProperty("eventType", parked.eventType());
        properties.setProperty("attempts", Integer.toString(parked.attempts()));
        final String error = parked.error();
        properties.setProperty("error", error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error);
        properties.setProperty("parkedAtMillis", Long.toString(parked.parkedAtMillis()));
        final long crc = parked.recordCrc() >= 0 || null == crcs ? parked.recordCrc() : crcs.crcAt(parked.position());
        if (crc >= 0)
        {
            properties.setProperty(CRC_KEY, Long.toString(crc));
        }
        final Path file = file(parked.position(), parked.index());
        final Path temporary = directory.resolve(file.getFileName() + ".tmp");
        try
        {
            access.createDirectories(directory);
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), access.fileAttributes(directory)))
            {
                final OutputStream out = Channels.newOutputStream(channel);
                properties.store(out, "event parked by subscription " + subscription);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
            {
                dir.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new EngineException("subscription " + subscription + " cannot park the event at position " +
                PositionFormat.position(parked.position()) + " index " + parked.index() + " in " + file + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Every parked event, in journal order.
     *
     * @throws EngineException naming a file that cannot be read or is not a parked event.
     */
    List<ParkedEvent> list()
    {
        final List<ParkedEvent> parked = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return parked;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                if (!plainFile(file))
                {
                    continue;
                }
                final ParkedEvent event = read(file);
                if (null != event)
                {
                    parked.add(event); // else it left the store (retried or skipped) while it was listed
                }
            }
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            throw new EngineException("cannot list the parked events of subscription " + subscription + " in " +
                directory + ": " + ex.getMessage(), ex);
        }
        parked.sort(Comparator.comparingLong(ParkedEvent::position).thenComparingInt(ParkedEvent::index));
        return parked;
    }

    /**
     * Check the store against the journal at a subscription's start, and say which events parked after a position must
     * not be handed over again: those still parked, and those retried or skipped since (their marks). A parked event
     * (or mark) names its record by position and CRC32C; one whose record the journal no longer holds (a fail-over
     * truncated it, or the journal lost its tail) is moved aside, its file renamed with {@link #STALE_SUFFIX}, with a
     * warning, and the journal's record now at its position is handed over as any other. A file written by an earlier
     * version, without the CRC, is matched to the record at its position if the subscription's checkpoint vouches for
     * that record (the position is at or before the checkpoint's verified record), the CRC then added to it; else it is
     * moved aside too. Marks at or before the position are deleted: no read of the journal from there on can reach
     * their events. A file that is not a plain file or cannot be read is passed over with a warning.
     *
     * @param position        where the subscription resumes: the last record it passes over.
     * @param verifiedThrough the position of the record its checkpoint named and the journal still holds, or -1.
     * @return each parked event's position and index, with its record's CRC32C.
     * @throws EngineException if the store cannot be listed.
     */
    Map<EventKey, Integer> parkedAfter(final long position, final long verifiedThrough)
    {
        final Map<EventKey, Integer> parked = new HashMap<>();
        if (!Files.isDirectory(directory))
        {
            return parked;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory))
        {
            for (final Path file : files)
            {
                final Matcher name = PARKED_NAME.matcher(String.valueOf(file.getFileName()));
                if (name.matches() && plainFile(file))
                {
                    final boolean mark = DONE_SUFFIX.equals(name.group(3));
                    final ParkedEvent event = readOrWarn(file);
                    if (null == event)
                    {
                        continue;
                    }
                    if (mark && event.position() <= position)
                    {
                        Files.deleteIfExists(file);
                        continue;
                    }
                    final long crc = checked(file, event, verifiedThrough);
                    if (crc >= 0 && event.position() > position)
                    {
                        parked.put(new EventKey(event.position(), event.index()), (int)crc);
                    }
                }
            }
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            throw new EngineException("cannot list the parked events of subscription " + subscription + " in " +
                directory + ": " + ex.getMessage(), ex);
        }
        return parked;
    }

    /** A file of the store read at a start, or null (with a warning if it is not a parked event's). */
    private ParkedEvent readOrWarn(final Path file)
    {
        try
        {
            return read(file);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("subscription {}: {} is passed over: {}", subscription, file,
                ex.getMessage());
            return null;
        }
    }

    /**
     * The CRC32C of the record a parked event's file names, if the journal still holds that record; else -1, the file
     * moved aside.
     */
    private long checked(final Path file, final ParkedEvent event, final long verifiedThrough) throws IOException
    {
        final long journalCrc = crcs.crcAt(event.position());
        if (event.recordCrc() >= 0 && event.recordCrc() == journalCrc)
        {
            return journalCrc;
        }
        if (event.recordCrc() < 0 && journalCrc >= 0 && event.position() <= verifiedThrough)
        {
            if (!String.valueOf(file.getFileName()).endsWith(DONE_SUFFIX))
            {
                park(event.withRecordCrc(journalCrc));
            }
            return journalCrc;
        }
        final Path aside = file.resolveSibling(file.getFileName() + STALE_SUFFIX);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("subscription {}: the event parked at position {} index {} is moved " +
            "aside to {}: {}. The record now at that position is handed over as any other", subscription,
            Long.toString(event.position()), Integer.toString(event.index()), aside, event.recordCrc() < 0 ?
            "its file, written by an earlier version, does not say which record it was, and the checkpoint does not " +
            "vouch for the record there" : "the journal holds " + (journalCrc < 0 ? "no record" : "another record") +
            " at its position (a fail-over truncated it, or the journal lost its tail)");
        return -1;
    }

    /** Whether the event parked at a position and index was moved aside: its record is gone from the journal. */
    boolean movedAside(final long position, final int index)
    {
        return Files.exists(directory.resolve(file(position, index).getFileName() + STALE_SUFFIX),
            LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether a file of the store is a plain file (not a directory, a link or a device), as every file the store
     * writes is; anything else was planted there, and is passed over with a warning.
     */
    private boolean plainFile(final Path file)
    {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            return true;
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            LOG.warn("subscription {}: {} in its dead-letter store is not a plain file " +
                "(a directory, a link or a device) and is passed over", subscription, file);
        }
        return false;
    }

    /** An event's place: its record's position and its index in the record. */
    record EventKey(long position, int index)
    {
    }

    /**
     * The parked event at a position and index, or null if none is parked there.
     */
    ParkedEvent find(final long position, final int index)
    {
        final Path file = file(position, index);
        return plainFile(file) ? read(file) : null;
    }

    /**
     * Remove a parked event (retried successfully, or skipped), leaving a mark so that a subscription reading its
     * record again (resuming before it) does not hand it over again.
     *
     * @param crc the CRC32C of the event's record, or -1 for whichever record's event is parked there.
     * @return whether it was parked.
     */
    boolean remove(final long position, final int index, final long crc)
    {
        if (!plainFile(file(position, index)))
        {
            return false;
        }
        if (crc >= 0)
        {
            final ParkedEvent parked = read(file(position, index));
            if (null == parked || parked.recordCrc() >= 0 && parked.recordCrc() != crc)
            {
                return false;
            }
        }
        try
        {
            Files.move(file(position, index), file(position, index, DONE_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new EngineException("subscription " + subscription + " cannot remove the parked event at " +
                "position " + PositionFormat.position(position) + " index " + index + ": " + ex.getMessage(), ex);
        }
    }

    private Path file(final long position, final int index)
    {
        return file(position, index, SUFFIX);
    }

    private Path file(final long position, final int index, final String suffix)
    {
        return directory.resolve(String.format("%020d-%05d%s", position, index, suffix));
    }

    /**
     * Ask the running subscription to retry a parked event: an empty request file beside it, which the subscription
     * takes within a second or so.
     *
     * @return false if no event is parked there.
     * @throws EngineException if the request cannot be written.
     */
    boolean requestRetry(final long position, final int index)
    {
        if (!plainFile(file(position, index)))
        {
            return false;
        }
        final Path request = file(position, index, RETRY_SUFFIX);
        try
        {
            if (!Files.exists(request))
            {
                Files.createFile(request, access.fileAttributes(directory));
            }
            return true;
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot write the retry request " + request + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Take the retry requests tools have left: each is removed, and its event returned if it is still parked. A file
     * that is not such a request (a name that names no event, a directory, a request for a damaged parked file) is
     * passed over, so that nothing planted in the store can stop the subscription.
     *
     * @return the parked events to retry, in journal order.
     * @throws EngineException if the store cannot be listed.
     */
    List<ParkedEvent> takeRetryRequests()
    {
        final List<ParkedEvent> requested = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return requested;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + RETRY_SUFFIX))
        {
            for (final Path request : files)
            {
                final ParkedEvent parked = requested(request);
                if (null != parked)
                {
                    requested.add(parked);
                }
            }
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            throw new EngineException("cannot take the retry requests of subscription " + subscription + " in " +
                directory + ": " + ex.getMessage(), ex);
        }
        requested.sort(Comparator.comparingLong(ParkedEvent::position).thenComparingInt(ParkedEvent::index));
        return requested;
    }

    /** The parked event a request file asks for, removing the file; null if it is no request or asks for none. */
    private ParkedEvent requested(final Path request)
    {
        final Matcher name = REQUEST_NAME.matcher(String.valueOf(request.getFileName()));
        if (!name.matches() || !Files.isRegularFile(request, LinkOption.NOFOLLOW_LINKS))
        {
            return null;
        }
        try
        {
            Files.deleteIfExists(request);
            return find(Long.parseLong(name.group(1)), Integer.parseInt(name.group(2)));
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("subscription {}: the retry request {} was passed over: {}",
                subscription, request, ex.getMessage());
            return null;
        }
    }

    /** A parked event's file, or null if there is none (any more) at that path. */
    private ParkedEvent read(final Path file)
    {
        final Properties properties = new Properties();
        try
        {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
            {
                return null;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            {
                throw new IllegalArgumentException("it is not a plain file (a link, a directory or a device)");
            }
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                throw new IllegalArgumentException("it holds " + Files.size(file) + " bytes; a parked event's file " +
                    "holds at most " + MAX_FILE_BYTES);
            }
        }
        catch (final NoSuchFileException ex)
        {
            return null; // it left the store meanwhile
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new EngineException("parked event file " + file + " of subscription " + subscription +
                " cannot be read: " + ex.getMessage(), ex);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))
        {
            properties.load(in);
            return new ParkedEvent(
                properties.getProperty("subscription", subscription),
                Long.parseLong(required(properties, "position")),
                Integer.parseInt(required(properties, "index")),
                required(properties, "aggregateId"),
                required(properties, "eventType"),
                Integer.parseInt(required(properties, "attempts")),
                required(properties, "error"),
                Long.parseLong(required(properties, "parkedAtMillis")),
                recordCrc(properties.getProperty(CRC_KEY)));
        }
        catch (final NoSuchFileException ex)
        {
            return null; // it left the store meanwhile
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new EngineException("parked event file " + file + " of subscription " + subscription +
                " cannot be read: " + ex.getMessage(), ex);
        }
    }

    private static long recordCrc(final String text)
    {
        if (null == text)
        {
            return -1; // parked by an earlier version
        }
        final long crc = Long.parseLong(text);
        if (crc < 0 || crc > 0xFFFFFFFFL)
        {
            throw new IllegalArgumentException("its " + CRC_KEY + " " + text + " is not a CRC32C");
        }
        return crc;
    }

    private static String required(final Properties properties, final String key)
    {
        final String value = properties.getProperty(key);
        if (null == value)
        {
            throw new IllegalArgumentException("it has no " + key);
        }
        return value;
    }
}
