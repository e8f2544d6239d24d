package dev.calsync.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The google-auth-library {@link TokenStore} of an OAuth account: one JSON file mapping the
 * account's name to the library's stored credentials (a refresh token). The file is written with
 * owner-only permissions (where the file system has POSIX permissions) and replaced atomically.
 */
final class FileTokenStore implements TokenStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    FileTokenStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized String load(String id) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        var node = JSON.readTree(file.toFile());
        var v = node == null ? null : node.get(id);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    @Override
    public synchronized void store(String id, String tokens) throws IOException {
        ObjectNode all = read();
        all.put(id, tokens);
        write(all);
    }

    @Override
    public synchronized void delete(String id) throws IOException {
        ObjectNode all = read();
        all.remove(id);
        write(all);
    }

    private ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        var node = JSON.readTree(file.toFile());
        return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    private void write(ObjectNode all) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".calsync-token", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
