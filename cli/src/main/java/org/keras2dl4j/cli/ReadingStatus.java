package org.keras2dl4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.keras2dl4j.Progress;

/**
 * Where a run is in reading its model files, told to whoever watches: the parent JVM of an isolated
 * run ({@link Isolation}) through the status file it named, and the {@link KnownGoodFiles} cache.
 * Commands call {@link #finishedReading()} once the native HDF5 library is done with their files
 * (the model is loaded, or summarised), and pass their progress through {@link #observe} so that a
 * long weight binding counts as progress. In runs not started by {@link Main} (tests calling
 * {@link Cli#run}) nothing is watching and every call does nothing.
 *
 * <p>The status file holds lines the child appends: {@code start}, {@code progress} (at most one a
 * second), {@code read} (reading finished), {@code exit N} (the exit code, just before exiting).
 */
final class ReadingStatus {
    static final String START = "start";
    static final String PROGRESS = "progress";
    static final String READ = "read";
    static final String EXIT = "exit ";

    private static volatile Path statusFile;
    private static volatile List<Path> knownGoodCandidates = List.of();
    private static volatile KnownGoodFiles.Level level = KnownGoodFiles.Level.METADATA;
    private static volatile KnownGoodFiles cache;
    private static volatile boolean read;
    private static volatile long lastProgress;

    private ReadingStatus() {
    }

    /**
     * Watches this run: reports to {@code status} (null when not isolated) and records
     * {@code hdf5Files} as read at {@code level} in {@code cache} (null for none) once read.
     */
    static void watch(Path status, List<Path> hdf5Files, KnownGoodFiles.Level readLevel, KnownGoodFiles knownGood) {
        statusFile = status;
        knownGoodCandidates = List.copyOf(hdf5Files);
        level = readLevel;
        cache = knownGood;
        read = false;
        append(START);
    }

    /** The model files have been read without trouble: tells the watchdog, records them as known good. */
    static void finishedReading() {
        if (read) {
            return;
        }
        read = true;
        append(READ);
        KnownGoodFiles knownGood = cache;
        if (knownGood != null && !knownGoodCandidates.isEmpty()) {
            knownGood.add(knownGoodCandidates, level);
        }
    }

    /** Reading is still going on (a large weight binding): the watchdog waits longer. */
    static void progress() {
        long now = System.nanoTime();
        if (statusFile != null && !read && now - lastProgress > 1_000_000_000L) {
            lastProgress = now;
            append(PROGRESS);
        }
    }

    /** The process is about to exit with {@code code}. */
    static void exiting(int code) {
        append(EXIT + code);
    }

    /** {@code progress}, also counting each step as progress of the reading. */
    static Progress observe(Progress progress) {
        if (statusFile == null) {
            return progress;
        }
        return new Progress() {
            @Override
            public void start(String task, long total) {
                ReadingStatus.progress();
                progress.start(task, total);
            }

            @Override
            public void advance(long amount) {
                ReadingStatus.progress();
                progress.advance(amount);
            }

            @Override
            public void finish() {
                ReadingStatus.progress();
                progress.finish();
            }
        };
    }

    private static synchronized void append(String line) {
        Path file = statusFile;
        if (file == null) {
            return;
        }
        try {
            Files.write(file, (line + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            statusFile = null; // the parent removed it (it is gone): nobody is watching any more
        }
    }
}
