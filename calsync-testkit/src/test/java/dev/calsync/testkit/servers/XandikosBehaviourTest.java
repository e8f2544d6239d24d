package dev.calsync.testkit.servers;

import org.junit.jupiter.api.extension.RegisterExtension;

/** CALDAV.md §6.5 pinned against a real Xandikos (one server for the class). */
class XandikosBehaviourTest extends CalDavServerBehaviour {

    @RegisterExtension
    static final LocalCalDavServerExtension XANDIKOS = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.XANDIKOS);

    @Override
    LocalCalDavServer server() {
        return XANDIKOS.server();
    }
}
