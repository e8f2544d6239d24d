package dev.calsync.core.id;

import dev.calsync.core.event.RecurrenceId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Google event ids calsync gives the events it creates, derived from the iCalendar UID.
 *
 * <p><b>A compatibility promise.</b> {@link #forUid(String)} is {@code base32hex(SHA-256(UTF-8(uid)))}:
 * RFC 4648 §7 alphabet in lower case ({@code 0-9a-v}), no padding, always 52 characters. Google
 * accepts client ids of {@code [a-v0-9]} with length 5 to 1024. Because the id is a function of the
 * UID alone, a create that is retried after a crash, or repeated by a second mirror, hits the same
 * id and Google answers 409 instead of making a duplicate. The function must never change: every
 * user's events were created with it, and a new function would create each of them a second time.
 * The test vectors in {@code google-event-ids.tsv} pin it.
 *
 * <p><b>Ids read back from Google are opaque.</b> Events created elsewhere have ids Google chose
 * (random, or {@code _} plus the base32hex of the UID for imported events), and Google announced in
 * 2026 that the format of instance ids may change. calsync stores whatever id Google returns and
 * never parses one; {@link #instanceId} is only used to address an instance of a series calsync
 * itself created, and a mapping's stored id always wins over it.
 */
public final class GoogleEventIds {

    /** What Google accepts as a client-supplied id. */
    public static final Pattern VALID_CLIENT_ID = Pattern.compile("[a-v0-9]{5,1024}");

    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final DateTimeFormatter INSTANT_SUFFIX =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final DateTimeFormatter DATE_SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private GoogleEventIds() {}

    /**
     * The id for the master or single event of {@code uid}: 52 characters of {@code [a-v0-9]}.
     *
     * @param uid the iCalendar UID, any valid Unicode string (compared exactly, case-sensitive)
     * @return the master's event id
     * @throws IllegalArgumentException if {@code uid} holds a lone surrogate (no UTF-8 form)
     */
    public static String forUid(String uid) {
        Objects.requireNonNull(uid, "uid");
        return base32hex(sha256(utf8(uid)));
    }

    /** Strict UTF-8: a lone surrogate would otherwise become '?' and two UIDs would share an id. */
    private static byte[] utf8(String uid) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(uid));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the UID is not valid Unicode (it holds a lone surrogate)", e);
        }
    }

    /**
     * The id of one instance of a series, in Google's documented form: {@code
     * <masterId>_<yyyyMMdd'T'HHmmss'Z'>} (the original start in UTC) for timed series, {@code
     * <masterId>_<yyyyMMdd>} for all-day series.
     *
     * @param masterId the series master's id
     * @param recurrenceId the instance's original start
     * @param seriesZone the zone the series recurs in; used only for a floating recurrence id
     * @return the instance's event id
     * @throws IllegalArgumentException if the recurrence id is floating and {@code seriesZone} is null
     */
    public static String instanceId(String masterId, RecurrenceId recurrenceId, ZoneId seriesZone) {
        Objects.requireNonNull(masterId, "masterId");
        Objects.requireNonNull(recurrenceId, "recurrenceId");
        if (recurrenceId instanceof RecurrenceId.OnDate d) {
            return masterId + "_" + d.date().format(DATE_SUFFIX);
        }
        if (recurrenceId instanceof RecurrenceId.AtInstant i) {
            return masterId + "_"
                    + LocalDateTime.ofInstant(i.instant(), ZoneOffset.UTC).format(INSTANT_SUFFIX);
        }
        if (seriesZone == null) {
            throw new IllegalArgumentException("a floating recurrence id needs the series' zone: " + recurrenceId);
        }
        LocalDateTime local = ((RecurrenceId.AtFloating) recurrenceId).local();
        return masterId + "_"
                + LocalDateTime.ofInstant(local.atZone(seriesZone).toInstant(), ZoneOffset.UTC)
                        .format(INSTANT_SUFFIX);
    }

    /**
     * {@return {@link #instanceId(String, RecurrenceId, ZoneId)} for a recurrence id that is not floating}
     *
     * @param masterId the series master's id
     * @param recurrenceId the instance's original start, not floating
     */
    public static String instanceId(String masterId, RecurrenceId recurrenceId) {
        return instanceId(masterId, recurrenceId, null);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** RFC 4648 base32hex, lower case, unpadded. */
    static String base32hex(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32HEX[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32HEX[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
