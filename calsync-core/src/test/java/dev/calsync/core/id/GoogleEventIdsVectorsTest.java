package dev.calsync.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins {@link GoogleEventIds#forUid} to the vectors in {@code google-event-ids.tsv}, whose ids were
 * computed once by an independent implementation (see the file's header). The function is a
 * compatibility promise: changing it makes calsync create every user's events a second time.
 */
class GoogleEventIdsVectorsTest {

    private static final String RESOURCE = "google-event-ids.tsv";

    private static final String PROMISE = "GoogleEventIds.forUid must never change: every event calsync"
            + " created in a user's Google Calendar has an id computed by it, and a changed function"
            + " would create each of those events a second time (duplicates for every user).";

    /** One line of the vector file. */
    record Vector(int line, String name, String uid, String id) {
        @Override
        public String toString() {
            return "vector '" + name + "' (line " + line + ", uid of " + uid.length() + " chars)";
        }
    }

    private static final List<Vector> VECTORS = load();

    @TestFactory
    Stream<DynamicTest> everyVectorGetsItsPublishedId() {
        return VECTORS.stream()
                .map(v -> DynamicTest.dynamicTest(v.name(), () -> {
                    String actual = GoogleEventIds.forUid(v.uid());
                    if (!actual.equals(v.id())) {
                        fail(v + ": expected id " + v.id() + " but forUid gave " + actual + ". " + PROMISE);
                    }
                }));
    }

    @Test
    void fileHoldsEnoughVectors() {
        assertThat(VECTORS).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void everyPublishedIdIsAnIdGoogleAcceptsFromClients() {
        for (Vector v : VECTORS) {
            assertThat(v.id())
                    .as("%s", v)
                    .matches("[a-v0-9]{5,1024}")
                    .matches(GoogleEventIds.VALID_CLIENT_ID)
                    .hasSize(52);
        }
    }

    @Test
    void vectorsAreDistinctSoNoTwoUidsShareAnEvent() {
        Set<String> names = new HashSet<>();
        Set<String> uids = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Vector v : VECTORS) {
            assertThat(names.add(v.name())).as("duplicate name in %s", v).isTrue();
            assertThat(uids.add(v.uid())).as("duplicate uid in %s", v).isTrue();
            assertThat(ids.add(v.id())).as("two UIDs with one id, at %s", v).isTrue();
        }
    }

    @Test
    void fileCoversTheDocumentedCornerCases() {
        Map<String, String> uid = byName();
        assertThat(uid.get("empty")).isEmpty();
        assertThat(uid.get("single-space")).isEqualTo(" ");
        assertThat(uid.get("single-letter")).isEqualTo("a");
        assertThat(uid.get("outlook-global-object-id")).startsWith("040000008200E00074C5B7101A82E008");
        assertThat(uid.get("google-uid")).isEqualTo("go6ijb0b46hlpbu4eeu92njevo@google.com");
        assertThat(uid.get("japanese")).isEqualTo("会議-2025-東京@example.jp");
        assertThat(uid.get("emoji-outside-bmp")).startsWith("\uD83C\uDF89").isEqualTo("🎉party-2025@example.com");
        assertThat(uid.get("long-2000-chars")).hasSize(2000);
        assertThat(uid.get("contains-tab")).isEqualTo("uid\twith-tab");
        assertThat(uid.get("contains-lf")).isEqualTo("line1\nline2");
        assertThat(uid.get("contains-crlf")).isEqualTo("line1\r\nline2");
        assertThat(uid.get("contains-backslash")).isEqualTo("C:\\calendar\\uid-1");
        assertThat(uid.get("literal-backslash-u")).isEqualTo("not-an-escape-\\u0041");
        assertThat(uid.get("nul-character")).isEqualTo("nul\u0000inside");
    }

    @Test
    void nfcAndNfdSpellingsOfOneWordGetDifferentIds() {
        Map<String, String> uid = byName();
        String nfc = uid.get("accent-nfc");
        String nfd = uid.get("accent-nfd");
        assertThat(nfc).isEqualTo("caf\u00e9-standup@example.org");
        assertThat(nfd).isEqualTo("cafe\u0301-standup@example.org");
        // UIDs compare byte-exactly: normalising them would merge two distinct events.
        assertThat(java.text.Normalizer.normalize(nfd, java.text.Normalizer.Form.NFC))
                .isEqualTo(nfc);
        assertThat(GoogleEventIds.forUid(nfc)).isNotEqualTo(GoogleEventIds.forUid(nfd));
    }

    @Test
    void surroundingWhitespaceIsPartOfTheUid() {
        Map<String, String> uid = byName();
        assertThat(uid.get("padded")).isEqualTo(" padded-uid ");
        assertThat(uid.get("padded-leading-only")).isEqualTo(" padded-uid");
        assertThat(uid.get("padded-trimmed")).isEqualTo("padded-uid");
        assertThat(Set.of(
                        GoogleEventIds.forUid(uid.get("padded")),
                        GoogleEventIds.forUid(uid.get("padded-leading-only")),
                        GoogleEventIds.forUid(uid.get("padded-trimmed"))))
                .hasSize(3);
        assertThat(GoogleEventIds.forUid("")).isNotEqualTo(GoogleEventIds.forUid(" "));
    }

    @Test
    void uidsDifferingOnlyInCaseGetDifferentIds() {
        Map<String, String> uid = byName();
        assertThat(Set.of(
                        GoogleEventIds.forUid(uid.get("case-mixed")),
                        GoogleEventIds.forUid(uid.get("case-lower")),
                        GoogleEventIds.forUid(uid.get("case-upper"))))
                .hasSize(3);
        assertThat(GoogleEventIds.forUid(uid.get("apple-uuid-upper")))
                .isNotEqualTo(GoogleEventIds.forUid(uid.get("apple-uuid-lower")));
    }

    @Test
    void idIsTheSameOnEveryCall() {
        String uid = "6F140ABD-6369-41C5-8839-146E8640BBDF";
        assertThat(GoogleEventIds.forUid(uid)).isEqualTo(GoogleEventIds.forUid(new String(uid.toCharArray())));
    }

    @Test
    void nullUidIsRefused() {
        assertThatThrownBy(() -> GoogleEventIds.forUid(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void escapeDecoderReadsEveryDocumentedEscape() {
        assertThat(unescape("a\\\\b\\tc\\nd\\re\\u0020f\\ud83c\\udf89", 0)).isEqualTo("a\\b\tc\nd\re f🎉");
        assertThat(unescape("", 0)).isEmpty();
        assertThatThrownBy(() -> unescape("bad\\x", 7)).hasMessageContaining("line 7");
        assertThatThrownBy(() -> unescape("bad\\u12", 7)).hasMessageContaining("line 7");
        assertThatThrownBy(() -> unescape("raw space", 7)).hasMessageContaining("line 7");
    }

    private static Map<String, String> byName() {
        Map<String, String> m = new LinkedHashMap<>();
        VECTORS.forEach(v -> m.put(v.name(), v.uid()));
        return m;
    }

    private static List<Vector> load() {
        InputStream in = GoogleEventIdsVectorsTest.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("test resource " + RESOURCE + " is missing");
        }
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 3) {
                    throw new IllegalStateException(RESOURCE + " line " + number
                            + ": expected name<TAB>uid<TAB>id, found " + fields.length + " fields");
                }
                if (!fields[0].matches("[a-z0-9-]+")) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": bad name '" + fields[0] + "'");
                }
                vectors.add(new Vector(number, fields[0], unescape(fields[1], number), fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(vectors);
    }

    /** Decodes the uid field as the file's header documents it. */
    static String unescape(String field, int line) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalStateException(RESOURCE + " line " + line + ": raw character U+"
                        + String.format("%04X", (int) c) + " in uid; escape it");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= field.length()) {
                throw new IllegalStateException(RESOURCE + " line " + line + ": lone backslash at the end");
            }
            char e = field.charAt(++i);
            switch (e) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 5 > field.length()) {
                        throw new IllegalStateException(RESOURCE + " line " + line + ": short \\u escape");
                    }
                    String hex = field.substring(i + 1, i + 5);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalStateException(RESOURCE + " line " + line + ": bad \\u escape '" + hex + "'");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> throw new IllegalStateException(RESOURCE + " line " + line + ": unknown escape \\" + e);
            }
        }
        return out.toString();
    }
}
