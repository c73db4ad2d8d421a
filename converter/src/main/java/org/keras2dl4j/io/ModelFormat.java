package org.keras2dl4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.keras2dl4j.InvalidModelException;

/**
 * The kinds of file the toolkit reads, told apart by their content rather than their names: an
 * HDF5 file (a Keras full model or weights-only {@code .h5}), a JSON model definition, a Keras v3
 * archive ({@code .keras}: a zip holding {@code config.json}) or its unzipped directory, or another
 * zip (a DL4J network written by {@code convert}).
 */
public enum ModelFormat {
    HDF5("HDF5"),
    JSON("model JSON"),
    KERAS_ARCHIVE("Keras v3 archive (.keras)"),
    KERAS_DIRECTORY("unzipped Keras v3 archive (a directory)"),
    ZIP("zip archive");

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    private final String description;

    ModelFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Detects the format of {@code path} from its content. */
    public static ModelFormat of(Path path) {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(KerasArchive.CONFIG_ENTRY))) {
                return KERAS_DIRECTORY;
            }
            throw new InvalidModelException(path.getFileName() + ": is a directory without a "
                    + KerasArchive.CONFIG_ENTRY + ", so it is not an unzipped Keras v3 archive");
        }
        if (!Files.exists(path)) {
            throw new InvalidModelException(path + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            // A device (/dev/zero), a pipe or a socket: reading it could block or never end.
            throw new InvalidModelException(path.getFileName() + ": is not a regular file (a device, a pipe or a socket); "
                    + "a model is read from a file or an unzipped .keras directory");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidModelException(path + ": cannot read the file (" + e.getMessage() + ")");
        }
        if (n == 8 && Arrays.equals(head, HDF5_SIGNATURE)) {
            return HDF5;
        }
        if (n >= 4 && Arrays.equals(Arrays.copyOf(head, 4), ZIP_SIGNATURE)) {
            return KerasArchive.isKerasArchive(path) ? KERAS_ARCHIVE : ZIP;
        }
        for (int i = 0; i < n; i++) {
            char c = (char) (head[i] & 0xff);
            if (c == '{') {
                return JSON;
            }
            if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) { // UTF-8 BOM allowed
                break;
            }
        }
        if (n == 0) {
            throw new InvalidModelException(path.getFileName() + ": the file is empty");
        }
        throw new InvalidModelException(path.getFileName() + ": not a Keras model file: it is neither HDF5 (.h5), "
                + "a model JSON nor a zip (.keras or a DL4J .zip); it starts with " + printable(head, n));
    }

    private static String printable(byte[] head, int n) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return sb.append('\'').toString();
    }
}
