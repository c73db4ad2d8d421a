package org.keras2dl4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.keras2dl4j.Keras2Dl4jException;

/**
 * Writes a file all or nothing: the content goes to a temporary file beside the target, which is
 * moved into place only when writing succeeded. A failure leaves no half-written target and no
 * temporary file behind.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes to an output stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes through a path (for libraries that want a file name, such as HDF5). */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path temporary) throws IOException;
    }

    public static void write(Path target, StreamWriter writer) {
        writeVia(target, temporary -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
                writer.write(out);
            }
        });
    }

    public static void writeVia(Path target, PathWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(dir);
            temporary = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial");
            writer.write(temporary);
            // createTempFile makes the file owner-only; give the result a normal file's permissions.
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rw-r--r--"));
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new Keras2Dl4jException(target + ": cannot write the file (" + e.getMessage() + ")", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Nothing more to do: the target was not touched.
                }
            }
        }
    }
}
