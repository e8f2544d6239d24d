package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DavErrorTest {

    @Test
    void radicaleInvalidTokenInDefaultNamespace() {
        DavError e = DavError.parse(DavFixtures.load("radicale/error-invalid-token.xml"));
        assertThat(e.invalidSyncToken()).isTrue();
        assertThat(e.reportNotSupported()).isFalse();
    }

    @Test
    void sabreInvalidTokenWithPrefixesAndDetails() {
        DavError e = DavError.parse(DavFixtures.load("synthetic/error-valid-sync-token-prefixed.xml"));
        assertThat(e.invalidSyncToken()).isTrue();
        assertThat(e.message()).isEqualTo("Invalid or unknown sync token");
        assertThat(e.conditions()).extracting(DavError.Condition::name).containsExactly(DavError.VALID_SYNC_TOKEN);
    }

    @Test
    void reportNotSupportedIsNotAnInvalidToken() {
        DavError withElement = DavError.parse(DavFixtures.load("synthetic/error-report-not-supported.xml"));
        DavError bare = DavError.parse(DavFixtures.load("synthetic/error-report-not-supported-bare.xml"));
        assertThat(withElement.reportNotSupported()).isTrue();
        assertThat(withElement.invalidSyncToken()).isFalse();
        assertThat(bare.reportNotSupported()).isTrue();
        assertThat(bare.conditions()).isEmpty();
    }

    @Test
    void uidConflictWithAndWithoutHolderHref() {
        DavError withHref = DavError.parse(DavFixtures.load("synthetic/error-no-uid-conflict-href.xml"));
        assertThat(withHref.uidConflict()).isTrue();
        assertThat(withHref.uidConflictHref()).contains("/cal/holder%40x.ics");

        DavError radicale = DavError.parse(DavFixtures.load("radicale/uidconflict.xml"));
        assertThat(radicale.uidConflict()).isTrue();
        assertThat(radicale.uidConflictHref()).isEmpty();
    }

    @Test
    void resourceMustBeNullFromMkcalendarOnAnExistingCalendar() {
        assertThat(DavError.parse(DavFixtures.load("radicale/mkcal-existing.xml"))
                        .has(DavError.RESOURCE_MUST_BE_NULL))
                .isTrue();
    }

    @Test
    void absentPlainHtmlAndHostileBodiesGiveNoConditionsAndNoException() {
        assertThat(DavError.parse(null)).isEqualTo(DavError.NONE);
        assertThat(DavError.parse("")).isEqualTo(DavError.NONE);
        assertThat(DavError.parse("Precondition failed.")).isEqualTo(DavError.NONE);
        assertThat(DavError.parse("500 Internal Server Error\n\nServer got itself in trouble"))
                .isEqualTo(DavError.NONE);
        assertThat(DavError.parse(DavFixtures.load("synthetic/error-html.html")))
                .isEqualTo(DavError.NONE);
        assertThat(DavError.parse("<html><body>403</body></html>")).isEqualTo(DavError.NONE);
        assertThat(DavError.parse(DavFixtures.load("evil/xxe.xml"))).isEqualTo(DavError.NONE);
    }
}
