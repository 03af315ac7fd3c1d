package dev.switchboard.kernel.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.logging.Logger;

/**
 * Writes files that hold a secret (the encryption key; also usable for {@code data/admin-password}):
 * a temporary file is created with mode 0600 in the same directory — the permissions are part of the creation,
 * never a chmod after writing —, forced to disk and renamed into place, so no reader ever sees a partial or
 * world-readable secret. Stateless; thread-safe.
 */
public final class SecretFiles {

    private static final Logger LOG = Logger.getLogger(SecretFiles.class.getName());

    private SecretFiles() {
    }

    /**
     * Creates {@code file} with {@code content}, readable and writable by the owner only (on POSIX file systems;
     * elsewhere a warning says to protect it).
     *
     * @throws FileAlreadyExistsException when the file exists: a secret file is never overwritten
     */
    public static void createOwnerOnly(Path file, byte[] content) throws IOException {
        write(file, content, false);
    }

    /**
     * Writes {@code file} like {@link #createOwnerOnly}, replacing an existing one atomically (a new generated
     * admin password; never the encryption key).
     */
    public static void replaceOwnerOnly(Path file, byte[] content) throws IOException {
        write(file, content, true);
    }

    private static void write(Path file, byte[] content, boolean replace) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        if (!posix) {
            LOG.warning(() -> dir + " has no POSIX permissions; restrict access to " + target + " yourself");
        }
        Path tmp = dir.resolve(target.getFileName() + ".tmp-" + Secrets.randomBase62(8));
        try {
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attrs)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
