package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Corpus;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * keras2dl4j and DL4J's own Keras import ({@code KerasModelImport}) in one JVM, at the same time:
 * both call the same native HDF5 library, which is not thread-safe, and each used to guard it with
 * its own lock, so their calls overlapped and the JVM crashed. keras2dl4j now holds DL4J's lock
 * ({@code Hdf5Archive.LOCK_OBJECT}). The two threads run in a child JVM ({@link #main}), so that a
 * crash fails this test instead of killing the build's JVM.
 */
class Dl4jImportLockTest {
    private static final int SECONDS = Integer.getInteger("keras2dl4j.dl4jlock.seconds", 10);

    @TempDir
    Path dir;

    @Test
    void keras2dl4jAndDl4jsKerasImportRunTogether() throws IOException, InterruptedException {
        Path ours = Fixtures.resource("keras2/small_alexnet.h5");
        Path theirs = Corpus.file("dl4j-test-resources/keras/simple/cnn_tf_model.h5");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                Dl4jImportLockTest.class.getName(), ours.toString(), theirs.toString(), String.valueOf(SECONDS))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        boolean finished = child.waitFor(SECONDS + 240, TimeUnit.SECONDS);
        output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }
        assertTrue(finished, "the child JVM hangs: " + output);
        assertEquals(0, child.exitValue(), "the child JVM failed or crashed: " + output);
        assertTrue(output.contains("OK keras2dl4j="), output);
    }

    /** Two threads for the given seconds: KerasModels.load of ours, KerasModelImport of theirs. */
    public static void main(String[] args) throws Exception {
        Path ours = Path.of(args[0]);
        String theirs = args[1];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong keras2dl4j = new AtomicLong();
        AtomicLong dl4j = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            try {
                while (System.nanoTime() < end && failure.get() == null) {
                    KerasModels.load(ours);
                    KerasModels.summary(ours, null);
                    keras2dl4j.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "keras2dl4j"));
        threads.add(new Thread(() -> {
            try {
                while (System.nanoTime() < end && failure.get() == null) {
                    KerasModelImport.importKerasSequentialModelAndWeights(theirs, false);
                    dl4j.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "dl4j"));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            failure.get().printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("OK keras2dl4j=" + keras2dl4j.get() + " dl4j=" + dl4j.get());
        System.exit(keras2dl4j.get() > 0 && dl4j.get() > 0 ? 0 : 2);
    }
}
