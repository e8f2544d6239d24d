package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class DavXmlTest {
    private static final URI CAL = URI.create("https://caldav.example.com/cal/");

    @Test
    void xxeIsRefusedBecauseOfTheDoctypeAndNothingLeaks(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        String body = DavFixtures.load("evil/xxe.xml")
                .replace("file:///etc/passwd", secret.toUri().toString());

        assertThatThrownBy(() -> DavMultiStatus.parse(body, CAL))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageContaining("https://caldav.example.com/cal/")
                .hasMessageNotContaining("TOP-SECRET-MARKER");
    }

    @Test
    void billionLaughsFailsFastBeforeAnyExpansion() {
        String body = DavFixtures.load("evil/billion-laughs.xml");
        long start = System.nanoTime();

        assertThatThrownBy(() -> DavMultiStatus.parse(body, CAL))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("DOCTYPE");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void externalDtdIsRefusedWithoutFetchingIt() {
        assertThatThrownBy(() -> DavXml.parse(DavFixtures.load("evil/external-dtd.xml"), "PROPFIND x"))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void htmlAndGarbageAndEmptyBodiesAreTypedErrors() {
        assertThatThrownBy(() -> DavMultiStatus.parse(DavFixtures.load("synthetic/error-html.html"), CAL))
                .isInstanceOf(DavProtocolException.class);
        assertThatThrownBy(() -> DavMultiStatus.parse("<html><body>oops</body></html>", CAL))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("not a DAV:multistatus");
        assertThatThrownBy(() -> DavMultiStatus.parse("Precondition failed.", CAL))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("not well-formed XML");
        assertThatThrownBy(() -> DavMultiStatus.parse("", CAL))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("no XML body");
        assertThatThrownBy(() -> DavMultiStatus.parse("<multistatus xmlns=\"DAV:\"><response>", CAL))
                .isInstanceOf(DavProtocolException.class);
    }

    @Test
    void elementsAreMatchedOnNamespaceNotPrefix() {
        Element a = DavXml.parse("<x:multistatus xmlns:x=\"DAV:\"/>", "t");
        Element b = DavXml.parse("<multistatus xmlns=\"DAV:\"/>", "t");
        Element wrong = DavXml.parse("<d:multistatus xmlns:d=\"urn:not-dav\"/>", "t");

        assertThat(DavXml.is(a, DavXml.DAV, "multistatus")).isTrue();
        assertThat(DavXml.is(b, DavXml.DAV, "multistatus")).isTrue();
        assertThat(DavXml.is(wrong, DavXml.DAV, "multistatus")).isFalse();
    }

    @Test
    void escapeCoversMarkupQuotesAndRefusesControlCharacters() {
        assertThat(DavXml.escape("a&b<c>\"d'e")).isEqualTo("a&amp;b&lt;c&gt;&quot;d&apos;e");
        assertThat(DavXml.escape("Kalender \uD83D\uDCC5")).isEqualTo("Kalender \uD83D\uDCC5");
        assertThatThrownBy(() -> DavXml.escape("bell\u0007")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusLinesAreRead() {
        assertThat(DavXml.statusCode("HTTP/1.1 404 Not Found")).isEqualTo(404);
        assertThat(DavXml.statusCode("  HTTP/1.1 507 Insufficient Storage ")).isEqualTo(507);
        assertThat(DavXml.statusCode("garbage")).isZero();
        assertThat(DavXml.statusCode(null)).isZero();
    }
}
