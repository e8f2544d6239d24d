package dev.calsync.caldav;

import dev.calsync.testkit.servers.LocalCalDavServer;
import dev.calsync.testkit.servers.LocalCalDavServerExtension;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider passes the compatibility kit on a real Radicale 3.1 (HTTP/1.0, htpasswd auth). Its
 * sync tokens cannot be invalidated from outside: they are hashes of the collection's content, and
 * Radicale answers the token of the current content as "no changes" without looking it up, so the
 * kit's invalidated-token test is skipped here (the emulator covers Radicale's 403 answer).
 */
@DisplayName("CalDAV provider kit: Radicale")
class RadicaleCompatibilityTest extends CalDavProviderCompatibilityKit {
    @RegisterExtension
    static final LocalCalDavServerExtension RADICALE = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.RADICALE);

    @Override
    protected URI serverUri() {
        return RADICALE.server().baseUri();
    }

    @Override
    protected String username() {
        return RADICALE.server().username();
    }

    @Override
    protected String password() {
        return RADICALE.server().password();
    }

    @Override
    protected URI newCalendar(String name) {
        return RADICALE.server().createCalendar(name);
    }
}
