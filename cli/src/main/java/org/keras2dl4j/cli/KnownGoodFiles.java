package org.keras2dl4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.keras2dl4j.io.AtomicFile;

/**
 * The HDF5 files (Keras {@code .h5}, {@code .keras} archives) this user's runs have read without
 * trouble, so that {@link Isolation} can read them again in-process: a small text file,
 * {@code known-good-hdf5} under {@code $KERAS2DL4J_CACHE} or {@code ~/.cache/keras2dl4j/}. A file is
 * known by its real path, size, modification and status-change times and file key (device and
 * inode): any change to the file, or another file put in its place, makes it unknown again. Two
 * levels: {@link Level#METADATA} (its config and weight shapes were read: summary, validate, plot)
 * and {@link Level#VALUES} (its weight values too: convert, verify, predict).
 *
 * <p>The cache is a convenience: an unreadable, corrupt or unwritable cache is ignored (every file is
 * then unknown, and reading is isolated), and concurrent runs may lose each other's entries.
 */
final class KnownGoodFiles {
    /** What was read of a file without trouble. */
    enum Level {
        METADATA, VALUES
    }

    private static final String FILE_NAME = "known-good-hdf5";
    private static final String HEADER = "# keras2dl4j: HDF5 files read without trouble (level size mtime ctime key path)";
    private static final int MAX_ENTRIES = 500;

    private final Path file;

    KnownGoodFiles(Path file) {
        this.file = file;
    }

    /** The cache of this user ({@code $KERAS2DL4J_CACHE/known-good-hdf5} or {@code ~/.cache/keras2dl4j/...}). */
    static KnownGoodFiles forUser() {
        String dir = System.getenv("KERAS2DL4J_CACHE");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "keras2dl4j");
        return new KnownGoodFiles(base.resolve(FILE_NAME));
    }

    /** Whether {@code path} was read without trouble at {@code level} (or more) and has not changed since. */
    boolean contains(Path path, Level level) {
        Optional<String[]> key = key(path);
        if (key.isEmpty()) {
            return false;
        }
        String[] entry = entries().get(key.get()[5]);
        if (entry == null) {
            return false;
        }
        for (int i = 1; i < 5; i++) {
            if (!entry[i].equals(key.get()[i])) {
                return false;
            }
        }
        return level == Level.METADATA || entry[0].equals(Level.VALUES.name());
    }

    /** Records that {@code paths} were read without trouble at {@code level}; never fails. */
    void add(List<Path> paths, Level level) {
        try {
            Map<String, String[]> entries = entries();
            boolean changed = false;
            for (Path path : paths) {
                Optional<String[]> key = key(path);
                if (key.isEmpty()) {
                    continue;
                }
                String[] entry = key.get();
                entry[0] = level.name();
                String[] old = entries.remove(entry[5]);
                if (old != null && level == Level.METADATA && old[0].equals(Level.VALUES.name())
                        && same(old, entry)) {
                    entry[0] = Level.VALUES.name(); // keep the higher level of an unchanged file
                }
                entries.put(entry[5], entry); // the newest last
                changed |= old == null || !String.join("\t", old).equals(String.join("\t", entry));
            }
            if (!changed) {
                return;
            }
            List<String[]> kept = new ArrayList<>(entries.values());
            kept = kept.subList(Math.max(0, kept.size() - MAX_ENTRIES), kept.size());
            StringBuilder text = new StringBuilder(HEADER).append('\n');
            for (String[] entry : kept) {
                text.append(String.join("\t", entry)).append('\n');
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(file, out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            // an unwritable cache: files stay unknown and are read isolated
        }
    }

    private static boolean same(String[] a, String[] b) {
        for (int i = 1; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The entries by real path; empty when the cache is missing or unreadable; bad lines skipped. */
    private Map<String, String[]> entries() {
        Map<String, String[]> entries = new LinkedHashMap<>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (1 << 20)) {
                return entries;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                if (line.startsWith("#") || fields.length != 6) {
                    continue;
                }
                try {
                    Level.valueOf(fields[0]);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                entries.put(fields[5], fields);
            }
        } catch (IOException | RuntimeException e) {
            entries.clear(); // corrupt (not UTF-8...) or unreadable: nothing is known
        }
        return entries;
    }

    /** {@code [level, size, mtime, ctime, file key, real path]} of {@code path}, level left empty. */
    private static Optional<String[]> key(Path path) {
        try {
            Path real = path.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            String name = real.toString();
            if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\t') >= 0) {
                return Optional.empty();
            }
            String ctime;
            try {
                ctime = String.valueOf(((FileTime) Files.getAttribute(real, "unix:ctime")).to(TimeUnit.NANOSECONDS));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                ctime = "-";
            }
            return Optional.of(new String[] {"", String.valueOf(attributes.size()),
                    String.valueOf(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)), ctime,
                    String.valueOf(attributes.fileKey()), name});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
