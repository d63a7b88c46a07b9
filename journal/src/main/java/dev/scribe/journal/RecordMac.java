package dev.scribe.journal;

import dev.scribe.codecs.SecretKeys;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed record MACs: tamper evidence for a journal, where the CRC32C only detects accidental damage.
 *
 * <p>In a keyed journal each record is followed by a 32-byte HMAC-SHA256 of the record's position and bytes, under
 * the key of {@link JournalContext#macKey}: right after it in its Chronicle document (format 1), or in its frame of
 * the batch document (format 2, see {@link BatchDocument}):
 *
 * <pre>
 *   document:  | record (its own length, CRC32C inside)            | MAC 32 bytes |     (format 1)
 *   frame:     | length i32 | record                                | MAC 32 bytes |     (format 2)
 *   MAC = HMAC-SHA256(key, "scribe-journal-record-v1" (24 ASCII bytes) | position i64 LE | record bytes)
 * </pre>
 *
 * The record's own format is unchanged, and so is what a reader hands out (the record without its MAC): a standby
 * receives records, not MACs, and seals them with its own key. Covering the position means a record cannot be moved
 * to another position, nor records swapped, deleted from the middle of a cycle (the ones after it move) or copied
 * from another keyed journal position without the key. Not detected: records dropped from the end, whole cycle files
 * removed from the start (as retention does), or a whole journal replaced by an older copy of itself.
 *
 * <p>A keyed journal has the marker file {@value #MARKER_FILE} in its directory, written before its first record
 * and saying which key seals it (a key id: the first 8 bytes of an HMAC of a fixed label, which does not reveal the
 * key). Documents are read according to the marker: without it, as records alone (every journal written before
 * MACs existed reads as before); with it, as record and MAC, the MAC checked when the reader has the key, merely set
 * aside when it has none (a tool or a standby's stream reading a keyed journal without the key). A writer needs the
 * key for a keyed journal, a key is refused for a journal that already holds records without MACs, and another
 * key is refused by its id.
 */
final class RecordMac
{
    /** Fewest bytes a key may have. */
    static final int MIN_KEY_BYTES = 16;
    /** Bytes of a MAC after each record. */
    static final int MAC_BYTES = 32;
    /** The marker of a keyed journal, in its directory. */
    static final String MARKER_FILE = "scribe-record-mac";
    /** A journal without record MACs. */
    static final RecordMac NONE = new RecordMac(false, null);

    private static final String ALGORITHM = SecretKeys.HMAC_SHA256;
    private static final String MARKER_FORMAT = "scribe journal record MAC v1";
    private static final byte[] RECORD_LABEL = "scribe-journal-record-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_LABEL = "scribe-journal-key-id-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_BYTES = 8;
    private static final int MAX_KEY_FILE_BYTES = 4096;

    private final boolean sealed;
    private final SecretKeySpec key;

    private RecordMac(final boolean sealed, final SecretKeySpec key)
    {
        this.sealed = sealed;
        this.key = key;
    }

    /**
     * The record MACs of a journal directory, as its marker and the context's key say.
     *
     * @param writable whether the journal is opened for writing: a keyed writer marks an empty journal.
     * @param empty    whether the journal holds no record.
     * @throws JournalException naming the directory and the setting when the key and the journal do not match.
     */
    static RecordMac forJournal(
        final Path directory, final JournalContext context, final boolean writable, final boolean empty)
    {
        final byte[] keyBytes = context.macKey();
        final SecretKeySpec key = null == keyBytes ? null : new SecretKeySpec(keyBytes, ALGORITHM);
        final String markedKeyId = markedKeyId(directory);
        if (null == markedKeyId)
        {
            if (null == key)
            {
                return NONE;
            }
            if (!writable || !empty)
            {
                throw new JournalException("journal " + directory + " holds records without record MACs, so the " +
                    "macKey set cannot check them; open it without a key, or start a new journal with one");
            }
            writeMarker(directory, keyId(key), context.fileAccess());
            return new RecordMac(true, key);
        }
        if (null == key)
        {
            if (writable)
            {
                throw new JournalException("journal " + directory + " is sealed with record MACs (" + MARKER_FILE +
                    "); set JournalContext.macKey to write to it");
            }
            return new RecordMac(true, null);
        }
        if (!markedKeyId.equals(keyId(key)))
        {
            throw new JournalException("journal " + directory + " is sealed with another key (key id " +
                markedKeyId + "); the macKey set has key id " + keyId(key));
        }
        return new RecordMac(true, key);
    }

    /**
     * Give a copy of a journal (truncated, dropped records, archive) the marker of the journal it comes from.
     */
    static void copyMarker(final Path from, final Path to, final FileAccess access)
    {
        final String keyId = markedKeyId(from);
        if (null != keyId && null == markedKeyId(to))
        {
            writeMarker(to, keyId, access);
        }
    }

    /**
     * A key from a file of hex text (such as the output of {@code openssl rand -hex 32}); whitespace is ignored.
     */
    static byte[] readKeyFile(final Path file) throws IOException
    {
        final byte[] key = SecretKeys.readHexFile(file, MAX_KEY_FILE_BYTES, "key file " + file);
        if (key.length < MIN_KEY_BYTES)
        {
            Arrays.fill(key, (byte)0);
            throw new IllegalArgumentException("key file " + file + " holds " + key.length + " bytes; a key needs " +
                "at least " + MIN_KEY_BYTES);
        }
        return key;
    }

    /** Whether documents hold a MAC after the record. */
    boolean sealed()
    {
        return sealed;
    }

    /** Whether MACs are written and checked (the key is known). */
    boolean keyed()
    {
        return null != key;
    }

    /** A sealer for one thread; null for a journal without MACs. */
    Sealer sealer()
    {
        return sealed ? new Sealer(null == key ? null : SecretKeys.hmacSha256(key)) : null;
    }

    private static String keyId(final SecretKeySpec key)
    {
        final byte[] id = SecretKeys.hmacSha256(key).doFinal(KEY_ID_LABEL);
        return HexFormat.of().formatHex(id, 0, KEY_ID_BYTES);
    }

    /** The key id in a directory's marker, or null if there is none. */
    private static String markedKeyId(final Path directory)
    {
        final Path marker = directory.resolve(MARKER_FILE);
        final List<String> lines;
        try
        {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS))
            {
                if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS))
                {
                    throw new JournalException("record MAC marker " + marker + " is not a regular file");
                }
                return null;
            }
            lines = Files.readAllLines(marker, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read record MAC marker " + marker + ": " + ex, ex);
        }
        if (lines.size() < 2 || !MARKER_FORMAT.equals(lines.get(0)) || !lines.get(1).startsWith("key-id "))
        {
            throw new JournalException("record MAC marker " + marker + " is not one this version of Scribe reads " +
                "(it expects '" + MARKER_FORMAT + "' and a key id)");
        }
        return lines.get(1).substring("key-id ".length()).trim();
    }

    private static void writeMarker(final Path directory, final String keyId, final FileAccess access)
    {
        final Path marker = directory.resolve(MARKER_FILE);
        try
        {
            OwnedFiles.writeAtomically(marker, MARKER_FORMAT + "\nkey-id " + keyId + "\n", access);
            JournalFiles.forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write record MAC marker " + marker + ": " + ex, ex);
        }
    }

    /**
     * Computes and checks the MACs of one journal, on one thread; reuses its buffers, so allocates nothing per
     * record once they have grown to the largest record.
     */
    static final class Sealer
    {
        private final Mac mac;
        private final byte[] position = new byte[Long.BYTES];
        private final byte[] expected = new byte[MAC_BYTES];
        private final byte[] found = new byte[MAC_BYTES];
        private byte[] scratch = new byte[256];

        private Sealer(final Mac mac)
        {
            this.mac = mac;
        }

        /** Whether this sealer knows the key. */
        boolean keyed()
        {
            return null != mac;
        }

        /**
         * The MAC of a record at a position, into {@code out[0..32)}.
         */
        void seal(final long recordPosition, final DirectBuffer buffer, final int offset, final int length,
            final byte[] out)
        {
            compute(recordPosition, buffer, offset, length, out);
        }

        /**
         * The length of the record in a document of {@code length} bytes.
         *
         * @throws CorruptRecordException if the document is too short to hold a MAC.
         */
        int recordLength(final long documentPosition, final int length)
        {
            if (length < MAC_BYTES)
            {
                throw new CorruptRecordException(documentPosition, "the document of " + length + " bytes is too " +
                    "short for a record and its " + MAC_BYTES + "-byte MAC");
            }
            return length - MAC_BYTES;
        }

        /**
         * Check the MAC after a record, if the key is known.
         *
         * @throws CorruptRecordException naming the position if it does not match.
         */
        void check(final long recordPosition, final DirectBuffer document, final int recordLength)
        {
            check(recordPosition, document, 0, recordLength);
        }

        /**
         * Check the MAC after a record that starts at an offset, if the key is known.
         *
         * @throws CorruptRecordException naming the position if it does not match.
         */
        void check(final long recordPosition, final DirectBuffer buffer, final int offset, final int recordLength)
        {
            if (null == mac)
            {
                return;
            }
            compute(recordPosition, buffer, offset, recordLength, expected);
            buffer.getBytes(offset + recordLength, found, 0, MAC_BYTES);
            if (!MessageDigest.isEqual(expected, found))
            {
                throw new CorruptRecordException(recordPosition, "its record MAC does not match: it was changed " +
                    "or moved by someone without the journal's key (or written with another key)");
            }
        }

        private void compute(final long recordPosition, final DirectBuffer buffer, final int offset,
            final int length, final byte[] out)
        {
            for (int i = 0; i < Long.BYTES; i++)
            {
                position[i] = (byte)(recordPosition >>> (8 * i));
            }
            if (scratch.length < length)
            {
                scratch = Arrays.copyOf(scratch, Math.max(length, scratch.length * 2));
            }
            buffer.getBytes(offset, scratch, 0, length);
            mac.update(RECORD_LABEL);
            mac.update(position);
            mac.update(scratch, 0, length);
            try
            {
                mac.doFinal(out, 0);
            }
            catch (final ShortBufferException ex)
            {
                throw new IllegalStateException("a MAC needs " + MAC_BYTES + " bytes", ex);
            }
        }
    }
}
