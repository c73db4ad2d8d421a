package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.bytedeco.hdf5.global.hdf5;

import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.hdf5.Hdf5Library.Failure;
import org.keras2dl4j.hdf5.Hdf5Library.Hid;

/**
 * An open HDF5 file, read-only or newly created, with its objects reached from {@link #root()}.
 * Groups and datasets obtained from it are light handles (the file and a path) that open and close
 * the native objects within each call, so closing this file is the only cleanup there is. Every
 * failure is an {@link InvalidModelException} whose message starts with the file name. Instances
 * may be shared between threads: calls into HDF5 are serialised on one global lock.
 */
public final class Hdf5File implements AutoCloseable {

    /** "\211HDF\r\n\032\n", found at offset 0 or, after a user block, at 512, 1024, 2048, ... */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int FIRST_USER_BLOCK_SIZE = 512;
    private static final int PREVIEW_BYTES = 4;

    private final Path path;
    /** How messages name the file: its path, or what it stands for ("model.keras!model.weights.h5"). */
    private final String name;
    /** The file read in Java (attributes) when opened read-only; null for a file being written. */
    private final RawHdf5 raw;
    private long fileId; // guarded by Hdf5Library.LOCK; -1 once closed

    private Hdf5File(Path path, String name, RawHdf5 raw, long fileId) {
        this.path = path;
        this.name = name;
        this.raw = raw;
        this.fileId = fileId;
    }

    /** Opens an existing HDF5 file for reading; rejects files that are not HDF5 or are truncated. */
    public static Hdf5File openReadOnly(Path path) {
        return openReadOnly(path, path.toString());
    }

    /**
     * Opens an existing HDF5 file for reading, named {@code name} in every message (a temporary copy
     * is named after the archive it came from). Its superblock is read in Java before native HDF5
     * sees the file, and its attributes are read in Java throughout (see {@link RawHdf5}).
     */
    public static Hdf5File openReadOnly(Path path, String name) {
        long superblock = checkSignature(path, name);
        RawHdf5 raw = RawHdf5.open(path, name, superblock);
        try {
            synchronized (Hdf5Library.LOCK) {
                try (Hid accessList = closeStronglyAccessList(name)) {
                    long id = H5Fopen(path.toString(), H5F_ACC_RDONLY, accessList.id());
                    if (id < 0) {
                        throw new InvalidModelException(name + ": the file is truncated or damaged (HDF5 could not open "
                                + "it: " + Hdf5Library.takeErrorReason() + ")");
                    }
                    return new Hdf5File(path, name, raw, id);
                }
            }
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Creates an empty HDF5 file, replacing any file at {@code path}. */
    public static Hdf5File create(Path path) {
        synchronized (Hdf5Library.LOCK) {
            try (Hid accessList = closeStronglyAccessList(path.toString())) {
                long id = H5Fcreate(path.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, accessList.id());
                if (id < 0) {
                    throw new InvalidModelException(path + ": cannot create an HDF5 file (HDF5: "
                            + Hdf5Library.takeErrorReason() + ")");
                }
                return new Hdf5File(path, path.toString(), null, id);
            }
        }
    }

    /** The root group, "/". */
    public Hdf5Group root() {
        return new Hdf5Group(this, "/");
    }

    /** The path this file was opened or created with. */
    public Path path() {
        return path;
    }

    /** How messages name this file: its path, unless it was opened under another name. */
    public String name() {
        return name;
    }

    /** The file's length in bytes when it was opened read-only; -1 for a file being written. */
    public long length() {
        return raw == null ? -1 : raw.length();
    }

    /** The Java reader of this read-only file, or null for a file being written. */
    RawHdf5 raw() {
        return raw;
    }

    /** Closes the file and anything still open in it; further use throws {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (Hdf5Library.LOCK) {
            if (fileId >= 0) {
                long id = fileId;
                fileId = -1;
                if (raw != null) {
                    raw.close();
                }
                if (H5Fclose(id) < 0) {
                    throw new InvalidModelException(name + ": cannot close the file (HDF5: "
                            + Hdf5Library.takeErrorReason() + ")");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Hdf5File[" + path + "]";
    }

    /** The native file identifier. Caller holds {@link Hdf5Library#LOCK}. */
    long id() {
        if (fileId < 0) {
            throw new IllegalStateException(path + " is closed");
        }
        return fileId;
    }

    /** A refusal of this file: one line, whatever names from the file {@code problem} quotes. */
    InvalidModelException invalid(String problem) {
        return new InvalidModelException(name + ": " + printable(problem));
    }

    /** {@code text} with control characters (line breaks included) shown as '?'. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return sb.toString();
    }

    /** A failure whose message is {@code problem} followed by HDF5's own reason. */
    Failure failure(String problem) {
        return reason -> invalid(problem + " (HDF5: " + reason + ")");
    }

    /** "/model_weights/dense_1" as messages show it: "model_weights/dense_1". */
    static String display(String absolutePath) {
        return absolutePath.equals("/") ? "/" : absolutePath.substring(1);
    }

    /** Strong close degree: closing the file closes every object in it, so a forgotten handle cannot keep it open. */
    private static Hid closeStronglyAccessList(String name) {
        Failure failure = reason -> new InvalidModelException(name + ": cannot set up HDF5 file access (HDF5: " + reason + ")");
        Hid accessList = Hdf5Library.open(H5Pcreate(Hdf5Library.FILE_ACCESS_CLASS), hdf5::H5Pclose, failure);
        Hdf5Library.check(H5Pset_fclose_degree(accessList.id(), H5F_CLOSE_STRONG), failure);
        return accessList;
    }

    /**
     * Fails with a clear message before HDF5 sees a file that is missing, empty, not a regular file
     * or not HDF5 at all; returns the offset of the signature (0, or after a user block).
     */
    private static long checkSignature(Path path, String name) {
        if (!Files.exists(path)) {
            throw new InvalidModelException(name + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidModelException(name + ": is a directory, not an HDF5 file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidModelException(name + ": is not a regular file (a device, a pipe or a socket), not an "
                    + "HDF5 file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new InvalidModelException(name + ": not an HDF5 file (it is empty)");
            }
            ByteBuffer bytes = ByteBuffer.allocate(SIGNATURE.length);
            for (long offset = 0; offset + SIGNATURE.length <= size;
                    offset = offset == 0 ? FIRST_USER_BLOCK_SIZE : offset * 2) {
                bytes.clear();
                while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
                    // read the 8 bytes fully
                }
                if (bytes.position() == SIGNATURE.length && Arrays.equals(bytes.array(), SIGNATURE)) {
                    return offset;
                }
            }
            throw new InvalidModelException(name + ": not an HDF5 file (it starts with '" + preview(channel) + "')");
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** The first bytes as printable ASCII, other bytes as '.': a zip archive shows as "PK..". */
    private static String preview(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(PREVIEW_BYTES);
        channel.read(head, 0);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < head.position(); i++) {
            byte b = head.get(i);
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }
}
