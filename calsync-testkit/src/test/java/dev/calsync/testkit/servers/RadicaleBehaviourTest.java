package dev.calsync.testkit.servers;

import org.junit.jupiter.api.extension.RegisterExtension;

/** CALDAV.md §6.5 pinned against a real Radicale (one server for the class). */
class RadicaleBehaviourTest extends CalDavServerBehaviour {

    @RegisterExtension
    static final LocalCalDavServerExtension RADICALE = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.RADICALE);

    @Override
    LocalCalDavServer server() {
        return RADICALE.server();
    }
}
