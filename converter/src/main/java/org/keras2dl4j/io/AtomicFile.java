package org.keras2dl4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keras2dl4j.Keras2Dl4jException;

/**
 * Writes a file all or nothing: the content goes to a temporary file beside the target, which is
 * moved into place only when writing succeeded. A failure leaves no half-written target and no
 * temporary file behind.
 *
 * <p>The temporary file is named {@code .NAME.<pid>.<random>.partial} (the writing process's id).
 * It is deleted when writing fails, and by a JVM shutdown hook when the process is stopped by
 * SIGTERM or SIGINT; a process killed outright (SIGKILL, a native crash) cannot clean up, so every
 * write first sweeps the {@code .*.<pid>.*.partial} files of processes that no longer run from the
 * target's directory ({@link #sweepStalePartials}). The same registry and sweep serve the other
 * temporary files of the toolkit, named {@code keras2dl4j-<pid>-...} in {@code java.io.tmpdir}
 * ({@link #createTemporary}, {@link #sweepStaleTemporaries}).
 *
 * <p>The target must be a new path or an existing regular file: a symbolic link, a directory, a
 * device or a FIFO is never replaced.
 */
public final class AtomicFile {
    private static final String PARTIAL = ".partial";
    private static final String TEMPORARY_PREFIX = "keras2dl4j-";
    /** Suffixes of the toolkit's own files in {@code java.io.tmpdir} that {@link #sweepStaleTemporaries} removes. */
    private static final List<String> TEMPORARY_SUFFIXES = List.of(".weights.h5", ".status");

    /** Temporary files to delete when the JVM shuts down, in the order they were made. */
    private static final Set<Path> PENDING = Collections.synchronizedSet(new LinkedHashSet<>());
    private static boolean hookInstalled;

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
        refuseUnsafeTarget(target, absolute);
        Path temporary = null;
        try {
            Files.createDirectories(dir);
            sweepStalePartials(dir);
            temporary = Files.createTempFile(dir, "." + absolute.getFileName() + "." + ProcessHandle.current().pid()
                    + ".", PARTIAL);
            deleteOnShutdown(temporary);
            writer.write(temporary);
            // createTempFile makes the file owner-only; give the result a normal file's permissions.
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            refuseUnsafeTarget(target, absolute); // again: the target may have been replaced meanwhile
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            PENDING.remove(temporary);
            temporary = null;
        } catch (IOException e) {
            throw new Keras2Dl4jException(target + ": cannot write the file: " + reason(e, dir), e);
        } catch (Keras2Dl4jException e) {
            throw e;
        } catch (RuntimeException e) {
            // A library writing through the path (HDF5, DL4J) failed without an IOException.
            IOException io = ioCause(e);
            throw new Keras2Dl4jException(target + ": cannot write the file: "
                    + (io != null ? reason(io, dir) : diskFull(dir) ? "no space left on device (disk full)"
                            : String.valueOf(e.getMessage())), e);
        } finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    /**
     * Refuses a target that is a symbolic link, a directory or another file that is not a regular
     * file (a device, a FIFO, a socket): replacing it would replace the link or the device node
     * rather than write the file the caller means.
     */
    private static void refuseUnsafeTarget(Path target, Path absolute) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return; // a new file
        } catch (IOException e) {
            throw new Keras2Dl4jException(target + ": cannot write the file: " + reason(e, absolute.getParent()), e);
        }
        if (attributes.isSymbolicLink()) {
            throw new Keras2Dl4jException(target + ": is a symbolic link; refusing to replace it (give the path of "
                    + "the file itself)");
        }
        if (attributes.isDirectory()) {
            throw new Keras2Dl4jException(target + ": is a directory; refusing to replace it");
        }
        if (!attributes.isRegularFile()) {
            throw new Keras2Dl4jException(target + ": is not a regular file (a device, a FIFO or a socket); "
                    + "refusing to replace it");
        }
    }

    /**
     * The reason of a failed file operation in a few words a user understands: "no space left on
     * device (disk full)", "permission denied", "read-only file system", else the system's own reason.
     */
    public static String reason(IOException e, Path dir) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = e.getClass().getSimpleName();
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk quota") || (dir != null && diskFull(dir)
                && !(e instanceof FileSystemException))) {
            return lower.contains("disk quota") ? "disk quota exceeded" : "no space left on device (disk full)";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
            return "permission denied";
        }
        return reason.replace('\n', ' ').replace('\r', ' ');
    }

    /** Whether the file system of {@code dir} has (almost) no space left. */
    private static boolean diskFull(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < (1 << 16);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        if (e instanceof ReadOnlyFileSystemException) {
            return new FileSystemException(null, null, "read-only file system");
        }
        return null;
    }

    /**
     * Creates an owner-only temporary file {@code keras2dl4j-<pid>-<random><suffix>} in
     * {@code java.io.tmpdir}, deleted by a shutdown hook if the process ends before it is deleted
     * (see {@link #deleteTemporary}); first sweeps the stale temporary files of dead processes.
     *
     * @throws Keras2Dl4jException naming the temporary directory when the file cannot be created
     */
    public static Path createTemporary(String suffix) {
        Path dir = temporaryDirectory();
        sweepStaleTemporaries(dir);
        try {
            FileAttribute<?>[] attributes = Files.getFileStore(dir).supportsFileAttributeView("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Path file = Files.createTempFile(dir, TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-", suffix,
                    attributes);
            deleteOnShutdown(file);
            return file;
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io ? reason(io, dir) : String.valueOf(e.getMessage());
            throw new Keras2Dl4jException("cannot create a temporary file in " + dir + ": " + reason
                    + " (set another directory with -Djava.io.tmpdir=DIR)", e);
        }
    }

    /** Deletes a file made by {@link #createTemporary} (or registered by {@link #deleteOnShutdown}). */
    public static void deleteTemporary(Path file) {
        if (file != null) {
            delete(file);
        }
    }

    /** {@code java.io.tmpdir}. */
    public static Path temporaryDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    /** Deletes {@code file} when the JVM shuts down (SIGTERM, SIGINT, System.exit), unless deleted before. */
    public static void deleteOnShutdown(Path file) {
        synchronized (PENDING) {
            if (!hookInstalled) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deletePending, "keras2dl4j-cleanup"));
                    hookInstalled = true;
                } catch (IllegalStateException e) {
                    return; // already shutting down
                }
            }
            PENDING.add(file);
        }
    }

    private static void deletePending() {
        List<Path> files;
        synchronized (PENDING) {
            files = new ArrayList<>(PENDING);
        }
        Collections.reverse(files); // files before the directories made for them
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException ignored) {
                // best effort while the JVM goes down
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            PENDING.remove(file);
        } catch (IOException e) {
            // leave it registered: the shutdown hook tries again, and later runs sweep it
        }
    }

    /**
     * Deletes {@code .NAME.<pid>.<random>.partial} files in {@code dir} whose process no longer runs
     * (left by a process killed while writing). Files of running processes, files of other users
     * and files without a process id are left alone. Never fails.
     */
    public static void sweepStalePartials(Path dir) {
        sweep(dir, ".*" + PARTIAL, name -> {
            if (!name.startsWith(".") || !name.endsWith(PARTIAL)) {
                return -1;
            }
            String[] parts = name.substring(0, name.length() - PARTIAL.length()).split("\\.");
            // ["", NAME..., pid, random]
            return parts.length >= 4 && digits(parts[parts.length - 1]) ? pid(parts[parts.length - 2]) : -1;
        });
    }

    /**
     * Deletes the toolkit's temporary files {@code keras2dl4j-<pid>-<random>.weights.h5} (and
     * {@code .status}) in {@code dir} whose process no longer runs. Never fails.
     */
    public static void sweepStaleTemporaries(Path dir) {
        sweep(dir, TEMPORARY_PREFIX + "*", name -> {
            if (!name.startsWith(TEMPORARY_PREFIX) || TEMPORARY_SUFFIXES.stream().noneMatch(name::endsWith)) {
                return -1;
            }
            String rest = name.substring(TEMPORARY_PREFIX.length());
            int dash = rest.indexOf('-');
            return dash > 0 ? pid(rest.substring(0, dash)) : -1;
        });
    }

    private interface PidOf {
        long pid(String name);
    }

    private static void sweep(Path dir, String glob, PidOf pidOf) {
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            for (Path entry : entries) {
                long pid = pidOf.pid(entry.getFileName().toString());
                if (pid <= 0 || pid == self || ProcessHandle.of(pid).isPresent()) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && ownedByUs(entry)) {
                        Files.deleteIfExists(entry);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // another process swept it first, or it is not ours to delete
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable directory: nothing to sweep
        }
    }

    /** Whether {@code file} belongs to the user this process runs as (compared by uid where the system has them). */
    private static boolean ownedByUs(Path file) throws IOException {
        try {
            Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return owner.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            try {
                return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName()
                        .equals(System.getProperty("user.name"));
            } catch (UnsupportedOperationException unsupported) {
                return true;
            }
        }
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long pid(String s) {
        if (!digits(s) || s.length() > 18) {
            return -1;
        }
        return Long.parseLong(s);
    }
}
