package dev.calsync.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calsync.testkit.servers.LocalCalDavServer.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalCalDavServerLifecycleTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void startAnswersAndCloseFreesThePortAndDeletesTheStorage(Kind kind) throws IOException {
        long t0 = System.nanoTime();
        LocalCalDavServer server = LocalCalDavServer.start(kind);
        System.out.printf("[%s] start: %d ms%n", kind, (System.nanoTime() - t0) / 1_000_000);
        Path tempDir = server.storageDir().getParent();
        int port = server.port();
        try {
            assertThat(server.kind()).isEqualTo(kind);
            assertThat(new Dav(server)
                            .propfind(server.principalUri(), "0", "<d:resourcetype/>")
                            .status())
                    .isEqualTo(207);
            assertThat(tempDir.resolve("server.log")).isRegularFile();
            assertThat(server.toString()).contains(kind.toString(), "127.0.0.1:" + port);
        } finally {
            long t1 = System.nanoTime();
            server.close();
            System.out.printf("[%s] close: %d ms%n", kind, (System.nanoTime() - t1) / 1_000_000);
        }
        assertThat(tempDir).doesNotExist();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        server.close(); // idempotent
        assertThatThrownBy(() -> server.seed("late", Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingBinaryFailsWithTheInstallCommand() {
        assertThatThrownBy(() -> LocalCalDavServer.requireInstalled("radicale", "/nonexistent:/also/not"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("radicale is not installed: run scripts/install-caldav-servers.sh (apt-get install -y"
                        + " radicale xandikos apache2-utils python3-bcrypt python3-passlib)");
        assertThat(LocalCalDavServer.findExecutable("radicale", null)).isNull();
    }

    @Test
    void aServerThatExitsEarlyFailsWithItsOutputAndLeavesNothingBehind(@TempDir Path bin) throws IOException {
        Path fake = bin.resolve("xandikos");
        Files.writeString(fake, "#!/bin/sh\necho \"boom: cannot serve $*\"\nexit 3\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        IllegalStateException failure =
                catchThrowableOfType(() -> LocalCalDavServer.start(Kind.XANDIKOS, fake), IllegalStateException.class);
        assertThat(failure)
                .hasMessageContaining("xandikos exited with code 3 before answering on http://127.0.0.1:")
                .hasMessageContaining("boom: cannot serve -d ")
                .hasMessageContaining("--defaults --current-user-principal /user/ -l 127.0.0.1 -p ");
        Matcher log = Pattern.compile("--- (\\S+)/server\\.log ---").matcher(failure.getMessage());
        assertThat(log.find()).as(failure.getMessage()).isTrue();
        assertThat(Path.of(log.group(1))).doesNotExist();
    }

    @Test
    void namesAreCheckedBeforeAnythingIsWritten() {
        try (LocalCalDavServer server = LocalCalDavServer.start(Kind.XANDIKOS)) {
            assertThatThrownBy(() -> server.createCalendar("../escape")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.seed("ok", Map.of(".hidden.ics", "x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.seed("ok", Map.of("a/b.ics", "x")))
                    .isInstanceOf(IllegalArgumentException.class);

            // Without git on the PATH, seed commits with dulwich through Xandikos's own Python.
            Path dir = server.storageDir().resolve("user/calendars/dulwich");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".xandikos"), "[DEFAULT]\ntype = calendar\ndisplayname = dulwich\n");
            Files.writeString(dir.resolve("d1.ics"), Dav.event("d1@calsync", "d1"), StandardCharsets.UTF_8);
            LocalCalDavServer.commitWithDulwich(dir, Map.of("d1.ics", ""));
            URI calendar = server.calendarUri("dulwich");
            Dav.Multistatus all = new Dav(server).sync(calendar, null).multistatus();
            assertThat(all.hrefs()).containsExactly(calendar.getPath() + "d1.ics");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
