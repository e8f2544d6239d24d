package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HrefsTest {
    private static final URI CAL = URI.create("https://caldav.example.com/cal/");

    @Test
    void relativeAbsolutePathAndAbsoluteUriResolveToTheSameResource() {
        URI expected = URI.create("https://caldav.example.com/cal/a.ics");
        assertThat(Hrefs.resolve(CAL, "a.ics")).contains(expected);
        assertThat(Hrefs.resolve(CAL, "/cal/a.ics")).contains(expected);
        assertThat(Hrefs.resolve(CAL, "https://caldav.example.com/cal/a.ics")).contains(expected);
        assertThat(Hrefs.resolve(CAL, "HTTPS://CalDAV.Example.com:443/cal/a.ics"))
                .contains(expected);
        assertThat(Hrefs.resolve(CAL, " /cal/a.ics#frag ")).contains(expected);
    }

    @Test
    void percentEncodingIsNormalisedButAnEncodedSlashStaysInItsSegment() {
        assertThat(Hrefs.resolve(CAL, "/cal/a%40b%20c.ics")).isEqualTo(Hrefs.resolve(CAL, "/cal/a@b c.ics"));
        assertThat(Hrefs.resolve(CAL, "/cal/%61.ics")).contains(URI.create("https://caldav.example.com/cal/a.ics"));
        assertThat(Hrefs.resolve(CAL, "/cal/%c3%a4.ics"))
                .contains(URI.create("https://caldav.example.com/cal/%C3%A4.ics"));
        assertThat(Hrefs.resolve(CAL, "/cal/ä.ics")).contains(URI.create("https://caldav.example.com/cal/%C3%A4.ics"));
        URI encodedSlash = Hrefs.resolve(CAL, "/cal/a%2Fb.ics").orElseThrow();
        assertThat(encodedSlash).isEqualTo(URI.create("https://caldav.example.com/cal/a%2Fb.ics"));
        assertThat(Hrefs.isMember(CAL, encodedSlash)).isTrue();
        assertThat(Hrefs.resolve(CAL, "/cal/a/b.ics")).isNotEqualTo(Hrefs.resolve(CAL, "/cal/a%2Fb.ics"));
    }

    @Test
    void dotSegmentsUserInfoAndBrokenEscapesAreRefused() {
        assertThat(Hrefs.resolve(CAL, "../../other/x.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "/cal/../other/x.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "/cal/%2E%2E/other/x.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "/cal/./x.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "https://u:p@caldav.example.com/cal/x.ics"))
                .isEmpty();
        assertThat(Hrefs.resolve(CAL, "/cal/%zz.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "/cal/%ff.ics")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "javascript:alert(1)")).isEmpty();
        assertThat(Hrefs.resolve(CAL, "")).isEmpty();
    }

    @Test
    void onlyDirectChildrenOfTheCollectionOnTheSameOriginAreMembers() {
        assertThat(Hrefs.member(CAL, CAL, "x.ics")).isPresent();
        assertThat(Hrefs.member(URI.create("https://caldav.example.com/cal"), CAL, "/cal/x.ics"))
                .isPresent();
        assertThat(Hrefs.member(CAL, CAL, "https://evil.example/cal/x.ics")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "//evil.example/cal/x.ics")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "http://caldav.example.com/cal/x.ics"))
                .isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "https://caldav.example.com:8443/cal/x.ics"))
                .isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/cal/")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/cal")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/cal/sub/")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/cal/sub/x.ics")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/calendar/x.ics")).isEmpty();
        assertThat(Hrefs.member(CAL, CAL, "/other/x.ics")).isEmpty();
    }

    @Test
    void sameResourceIgnoresTrailingSlashDefaultPortAndEncoding() {
        assertThat(Hrefs.sameResource(
                        URI.create("https://caldav.example.com:443/cal"),
                        URI.create("https://CALDAV.example.com/cal/")))
                .isTrue();
        assertThat(Hrefs.sameResource(URI.create("https://h/cal/a%40b"), URI.create("https://h/cal/a@b")))
                .isTrue();
        assertThat(Hrefs.sameResource(URI.create("https://h/cal/"), URI.create("http://h/cal/")))
                .isFalse();
    }

    @Test
    void childEncodesTheNameAsOneSegment() {
        assertThat(Hrefs.child(URI.create("https://h/cal"), "a b/c@d.ics"))
                .isEqualTo(URI.create("https://h/cal/a%20b%2Fc@d.ics"));
        assertThatThrownBy(() -> Hrefs.child(CAL, "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hrefs.child(CAL, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void xandikosOddlyEncodedAbsoluteHrefStaysInsideItsOwnServer() {
        URI base = URI.create("http://127.0.0.1:8091/user/calendars/flow/other.ics");
        // Xandikos sent "http%3A//127.0.0.1%3A36609/...": a relative path, not another host
        URI resolved = Hrefs.resolve(base, "http%3A//127.0.0.1%3A36609/user/calendars/flow/other.ics")
                .orElseThrow();
        assertThat(resolved.getHost()).isEqualTo("127.0.0.1");
        assertThat(resolved.getPort()).isEqualTo(8091);
    }
}
