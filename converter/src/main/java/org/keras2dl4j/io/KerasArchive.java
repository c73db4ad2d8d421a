package org.keras2dl4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.ModelConfigParser;

/**
 * The parts of a Keras v3 archive ({@code model.save("x.keras")}, Keras 3 and tf_keras 2.13+):
 * {@code config.json} (the model config), {@code metadata.json} (the Keras version that saved it)
 * and {@code model.weights.h5} (the weights, by layer path; see {@link KerasV3Weights}). Reads the
 * zip form and the unzipped directory form (keras/src/saving/saving_lib.py, {@code _load_model_from_dir}).
 *
 * <p>A zip is checked whole against {@link ArchiveLimits} before any entry is read: entry count,
 * entry names that would escape a directory, declared sizes and expansion ratios. The JSON entries
 * are read into memory under a cap; HDF5 needs a file, so the weights entry alone is then copied
 * to a private temporary file, counting bytes as it goes, and {@link #close()} deletes it.
 */
public final class KerasArchive implements AutoCloseable {
    static final String CONFIG_ENTRY = "config.json";
    static final String METADATA_ENTRY = "metadata.json";
    static final String WEIGHTS_H5 = "model.weights.h5";
    // Later Keras 3 weight variants (saving_lib.py: weights_format="npz"; ShardedH5IOStore).
    static final String WEIGHTS_NPZ = "model.weights.npz";
    static final String WEIGHTS_SHARDED = "model.weights.json";

    private final String configJson;
    private final String kerasVersion;
    private final Path weightsFile;
    private final boolean temporaryWeights;

    private KerasArchive(String configJson, String kerasVersion, Path weightsFile, boolean temporaryWeights) {
        this.configJson = configJson;
        this.kerasVersion = kerasVersion;
        this.weightsFile = weightsFile;
        this.temporaryWeights = temporaryWeights;
    }

    /** Whether the zip at {@code path} is a Keras archive (it holds a {@code config.json}). */
    static boolean isKerasArchive(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry(CONFIG_ENTRY) != null;
        } catch (IOException | IllegalArgumentException e) {
            return false; // not a readable zip (or names that are not UTF-8): the caller's reader reports it
        }
    }

    /** Opens a {@code .keras} zip or its unzipped directory. */
    public static KerasArchive open(Path path, ArchiveLimits limits) {
        return Files.isDirectory(path) ? openDirectory(path, limits) : openZip(path, limits);
    }

    /** The model config ({@code config.json}). */
    public String configJson() {
        return configJson;
    }

    /** The {@code keras_version} of {@code metadata.json}, or null when it is absent. */
    public String kerasVersion() {
        return kerasVersion;
    }

    /** The weights HDF5 file: the directory's own, or a temporary copy of the zip's entry. */
    public Path weightsFile() {
        return weightsFile;
    }

    @Override
    public void close() {
        if (temporaryWeights) {
            AtomicFile.deleteTemporary(weightsFile); // else the shutdown hook deletes it, or a later run's sweep
        }
    }

    private static KerasArchive openDirectory(Path dir, ArchiveLimits limits) {
        String name = dir.getFileName().toString();
        String config = readCapped(dir.resolve(CONFIG_ENTRY), name, limits);
        Path metadata = dir.resolve(METADATA_ENTRY);
        String version = Files.isRegularFile(metadata) ? version(readCapped(metadata, name, limits), name) : null;
        Path weights = dir.resolve(WEIGHTS_H5);
        if (!Files.isRegularFile(weights)) {
            throw missingWeights(name, Files.exists(dir.resolve(WEIGHTS_NPZ)), Files.exists(dir.resolve(WEIGHTS_SHARDED)));
        }
        return new KerasArchive(config, version, weights, false);
    }

    private static KerasArchive openZip(Path path, ArchiveLimits limits) {
        String name = path.getFileName().toString();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            checkEntries(zip, name, limits);
            ZipEntry configEntry = zip.getEntry(CONFIG_ENTRY);
            if (configEntry == null) {
                throw new InvalidModelException(name + ": is a zip without " + CONFIG_ENTRY
                        + ", so it is not a Keras v3 archive");
            }
            String config = readEntry(zip, configEntry, name, limits.maxJsonBytes());
            ZipEntry metadataEntry = zip.getEntry(METADATA_ENTRY);
            String version = metadataEntry == null ? null
                    : version(readEntry(zip, metadataEntry, name, limits.maxJsonBytes()), name);
            ZipEntry weights = zip.getEntry(WEIGHTS_H5);
            if (weights == null) {
                throw missingWeights(name, zip.getEntry(WEIGHTS_NPZ) != null, zip.getEntry(WEIGHTS_SHARDED) != null);
            }
            return new KerasArchive(config, version, extract(zip, weights, name, limits), true);
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: java.util.zip's word for an entry name that is not valid UTF-8
            throw new InvalidModelException(name + ": is not a readable zip archive (" + printable(e.getMessage()) + ")");
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the archive (" + printable(e.getMessage()) + ")");
        }
    }

    /**
     * Refuses a zip, before any entry is read, when its directory breaks {@code limits}: too many
     * entries, an entry name that escapes a directory or is there twice, a size not declared, an
     * entry or all entries together declaring more than allowed, or an entry expanding beyond the
     * ratio (a decompression bomb). Every reader of a zip calls it: .keras archives and the zips
     * {@code convert} writes. {@code name} names the zip in messages.
     */
    public static void checkEntries(ZipFile zip, String name, ArchiveLimits limits) {
        if (zip.size() > limits.maxEntries()) {
            throw new InvalidModelException(name + ": the archive has " + zip.size() + " entries, more than the "
                    + limits.maxEntries() + " allowed; refusing it");
        }
        long total = 0;
        Set<String> seen = new HashSet<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String entryName = entry.getName();
            if (escapes(entryName)) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entryName)
                        + "' names a path outside the archive; refusing the archive");
            }
            long size = entry.getSize();
            long stored = entry.getCompressedSize();
            if (size < 0 || stored < 0) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entryName)
                        + "' does not declare its size");
            }
            if (size > limits.maxEntryBytes()) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entryName) + "' declares " + size
                        + " bytes, more than the limit of " + limits.maxEntryBytes() + "; refusing the archive");
            }
            if (size > limits.expansionFloorBytes() && size > limits.maxExpansion() * Math.max(stored, 1)) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entryName) + "' expands from " + stored
                        + " to " + size + " bytes (more than " + (long) limits.maxExpansion()
                        + " times): a decompression bomb; refusing the archive");
            }
            total += size;
            if (total > limits.maxTotalBytes()) {
                throw new InvalidModelException(name + ": the archive's entries declare more than "
                        + limits.maxTotalBytes() + " bytes together; refusing the archive");
            }
            if (!seen.add(entryName)) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entryName)
                        + "' is there twice; refusing the archive");
            }
        }
    }

    /** Whether extracting {@code entryName} below a directory would write outside it. */
    static boolean escapes(String entryName) {
        if (entryName.isEmpty() || entryName.indexOf('\0') >= 0) {
            return true;
        }
        if (entryName.startsWith("/") || entryName.startsWith("\\")
                || (entryName.length() > 1 && entryName.charAt(1) == ':')) {
            return true; // absolute, or a Windows drive
        }
        for (String segment : entryName.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes of {@code entry}, which must declare at most {@code cap} bytes and hold exactly what
     * it declares: never more than {@code cap} bytes are read, whatever the entry's data expands to.
     * A damaged entry, or one that holds more or fewer bytes than it declares, is refused.
     */
    public static byte[] readBounded(ZipFile zip, ZipEntry entry, String name, long cap) {
        long declared = entry.getSize();
        if (declared < 0 || declared > cap) {
            throw new InvalidModelException(name + ": archive entry '" + printable(entry.getName()) + "' declares "
                    + declared + " bytes, more than the " + cap + " allowed for it");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) declared);
            if (bytes.length < declared) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entry.getName())
                        + "' is truncated (" + bytes.length + " of " + declared + " bytes)");
            }
            if (in.read() >= 0) {
                throw new InvalidModelException(name + ": archive entry '" + printable(entry.getName())
                        + "' holds more bytes than the " + declared + " it declares; refusing the archive");
            }
            return bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(name + ": archive entry '" + printable(entry.getName()) + "' is damaged ("
                    + printable(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private static String readEntry(ZipFile zip, ZipEntry entry, String name, long cap) throws IOException {
        if (entry.getSize() > cap) {
            throw new InvalidModelException(name + ": archive entry '" + entry.getName() + "' declares "
                    + entry.getSize() + " bytes, more than the " + cap + " a model config may have");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) entry.getSize() + 1);
            if (bytes.length > entry.getSize()) {
                throw new InvalidModelException(name + ": archive entry '" + entry.getName()
                        + "' holds more bytes than it declares; refusing the archive");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Copies the weights entry to a private temporary file, never more bytes than it declared. The
     * file is {@code keras2dl4j-<pid>-<random>.weights.h5} in {@code java.io.tmpdir}: deleted by
     * {@link #close()}, on failure here, or by a shutdown hook (SIGTERM, SIGINT); the copies of
     * processes killed outright are swept by later runs ({@link AtomicFile#createTemporary}). A
     * temporary directory that cannot take the copy is reported as such, not as a fault of the model.
     */
    private static Path extract(ZipFile zip, ZipEntry entry, String name, ArchiveLimits limits) throws IOException {
        Path target = AtomicFile.createTemporary(".weights.h5");
        boolean done = false;
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long declared = entry.getSize();
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > declared) {
                    throw new InvalidModelException(name + ": archive entry '" + entry.getName()
                            + "' holds more bytes than the " + declared + " it declares; refusing the archive");
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw cannotCopy(target, e);
                }
            }
            if (copied != declared) {
                throw new InvalidModelException(name + ": archive entry '" + entry.getName() + "' is truncated ("
                        + copied + " of " + declared + " bytes)");
            }
            done = true;
            return target;
        } catch (ZipException e) {
            throw new InvalidModelException(name + ": archive entry '" + entry.getName() + "' is damaged ("
                    + e.getMessage() + ")");
        } finally {
            if (!done) {
                AtomicFile.deleteTemporary(target);
            }
        }
    }

    /** A failure to write the temporary copy: the temporary directory's fault, not the model's. */
    private static Keras2Dl4jException cannotCopy(Path target, IOException e) {
        return new Keras2Dl4jException("cannot write a temporary file in " + target.getParent() + ": "
                + AtomicFile.reason(e, target.getParent()) + " (set another directory with -Djava.io.tmpdir=DIR)", e);
    }

    private static String readCapped(Path file, String name, ArchiveLimits limits) {
        try {
            if (Files.size(file) > limits.maxJsonBytes()) {
                throw new InvalidModelException(name + ": " + file.getFileName() + " has " + Files.size(file)
                        + " bytes, more than the " + limits.maxJsonBytes() + " a model config may have");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read " + file.getFileName() + " (" + e.getMessage() + ")");
        }
    }

    private static String version(String metadata, String name) {
        JsonNode root = ModelConfigParser.readJson(metadata, name, "its " + METADATA_ENTRY);
        JsonNode version = root == null ? null : root.get("keras_version");
        return version != null && version.isTextual() ? version.asText() : null;
    }

    private static RuntimeException missingWeights(String name, boolean npz, boolean sharded) {
        if (npz) {
            return new UnsupportedFeatureException(name + ": holds its weights as " + WEIGHTS_NPZ
                    + " (Keras 3 weights_format=\"npz\"); keras2dl4j reads " + WEIGHTS_H5 + " only");
        }
        if (sharded) {
            return new UnsupportedFeatureException(name + ": holds sharded weights (" + WEIGHTS_SHARDED
                    + " and its shards); keras2dl4j reads a single " + WEIGHTS_H5 + " only");
        }
        return new InvalidModelException(name + ": the archive has no " + WEIGHTS_H5);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : String.valueOf(s).toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
