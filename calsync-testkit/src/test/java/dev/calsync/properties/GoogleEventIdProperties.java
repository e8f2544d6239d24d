package dev.calsync.properties;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.generate.TimeGenerators;
import dev.calsync.testkit.generate.UidGenerators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Google event ids derived from UIDs are valid client ids, injective, and the same in every JVM:
 * a retried create must hit the same id forever.
 */
class GoogleEventIdProperties {

    private static final Pattern GOOGLE_CLIENT_ID = Pattern.compile("[a-v0-9]{5,1024}");

    @Test
    void everyUidGivesAValidGoogleClientId() {
        qt().withExamples(1000)
                .forAll(CalendarGens.uids())
                .checkAssert(uid -> assertThat(GoogleEventIds.forUid(uid))
                        .matches(GOOGLE_CLIENT_ID)
                        .hasSize(52));
    }

    @Test
    void theIdIsBase32hexOfTheSha256OfTheUtf8Uid() {
        qt().withExamples(1000)
                .forAll(CalendarGens.uids())
                .checkAssert(uid -> assertThat(GoogleEventIds.forUid(uid)).isEqualTo(independentId(uid)));
    }

    @Test
    void distinctUidsGetDistinctIds() {
        Source source = Source.of(new Random(100_000));
        Set<String> uids = new HashSet<>();
        while (uids.size() < 100_000) {
            uids.add(UidGenerators.uids().apply(source));
        }
        Map<String, String> uidById = new HashMap<>();
        for (String uid : uids) {
            String previous = uidById.put(GoogleEventIds.forUid(uid), uid);
            assertThat(previous).as("UIDs %s and %s share an id", previous, uid).isNull();
        }
        assertThat(uidById).hasSize(100_000);
    }

    @Test
    void idsAreTheSameInAnotherJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        // Another default charset and locale must not change anything.
                        "-Dfile.encoding=ISO-8859-1",
                        "-Duser.language=tr",
                        "-Duser.country=TR",
                        PrintGoogleEventIds.class.getName())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = child.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            output = buffer.toString(StandardCharsets.US_ASCII);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        List<String> expected = PrintGoogleEventIds.uids().stream()
                .map(PrintGoogleEventIds::line)
                .toList();
        assertThat(output.lines().toList()).hasSize(PrintGoogleEventIds.COUNT).isEqualTo(expected);
    }

    /** An occurrence of a series in any of the four kinds, with the zone a floating series recurs in. */
    record Instance(EventTime originalStart, ZoneId seriesZone) {}

    @Test
    void instanceIdsEndWithTheOriginalStartInUtcOrTheDate() {
        Gen<Instance> instances = gen(source -> new Instance(
                TimeGenerators.eventTimes().apply(source),
                TimeGenerators.zones().apply(source)));
        qt().withExamples(1000).forAll(CalendarGens.uids(), instances).checkAssert((uid, i) -> {
            String master = GoogleEventIds.forUid(uid);
            RecurrenceId rid = RecurrenceId.of(i.originalStart());
            String suffix;
            if (i.originalStart() instanceof EventTime.AllDay d) {
                LocalDate date = d.date();
                suffix = String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            } else {
                Instant instant = Rfc5545.instant(i.originalStart(), i.seriesZone());
                suffix = Rfc5545.basicUtc(instant);
            }
            String id = i.originalStart() instanceof EventTime.Floating
                    ? GoogleEventIds.instanceId(master, rid, i.seriesZone())
                    : GoogleEventIds.instanceId(master, rid);
            assertThat(id).isEqualTo(master + "_" + suffix);
        });
    }

    @Test
    void theIndependentIdMatchesAKnownVector() {
        // Python: base64.b32hexencode(hashlib.sha256(b"").digest()).decode().rstrip("=").lower()
        assertThat(independentId("")).isEqualTo("seoc8gkovge196nruj49irtp4gjqsgf4cidp6j54imchmu2in1ag");
    }

    /** base32hex (RFC 4648 §7, lower case, unpadded) of SHA-256(UTF-8(uid)), via BigInteger. */
    static String independentId(String uid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            // 256 bits padded with 4 zero bits are 52 base-32 digits; BigInteger's radix-32 digits are 0-9a-v.
            String digits = new BigInteger(1, digest).shiftLeft(4).toString(32);
            return "0".repeat(52 - digits.length()) + digits;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
