package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Eight threads mixing the library's entry points on real files of every kind (a Keras 2 .h5, a
 * Keras 3 .keras, a model JSON with its weights .h5, a .zip written by convert): loading and running
 * a model, its summary, its inspection, and running one model shared by all threads. Every result
 * must equal the single-threaded one. Runs {@code keras2dl4j.concurrency.seconds} seconds (30 by
 * default). What it shows is stated in docs/robustness.md ("Threads").
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int SECONDS = Integer.getInteger("keras2dl4j.concurrency.seconds", 30);

    @TempDir
    static Path dir;

    /** One thing to do and what it gave single-threaded. */
    private record Task(String name, Supplier<String> run) {
    }

    private static final List<Task> TASKS = new ArrayList<>();
    private static final Map<String, String> EXPECTED = new ConcurrentHashMap<>();
    private static ConvertedModel shared;
    private static INDArray input;

    @BeforeAll
    static void prepare() throws IOException {
        input = Npy.read(Fixtures.resource("keras2/small_alexnet.input.npy"));
        Path h5 = Fixtures.resource("keras2/small_alexnet.h5");
        Path keras = Fixtures.resource("keras3/small_alexnet.keras");
        Path json = Fixtures.resource("keras2/small_alexnet.json");
        Path weights = Fixtures.resource("keras2/small_alexnet_weights.h5");
        Path sequential = Fixtures.resource("keras2/small_alexnet_sequential.h5");
        Path zip = dir.resolve("small_alexnet.zip");
        KerasModels.load(h5).save(zip);
        Path[][] models = {{h5, null}, {keras, null}, {json, weights}, {zip, null}, {sequential, null}};
        for (Path[] model : models) {
            String name = model[0].getFileName().toString();
            TASKS.add(new Task("load+output " + name, () -> outputs(KerasModels.load(model[0], model[1]))));
            TASKS.add(new Task("summary " + name, () -> KerasModels.summary(model[0], model[1]).toString()));
            if (!name.endsWith(".zip")) {
                TASKS.add(new Task("inspect " + name, () -> KerasFiles.inspect(model[0], model[1]).summary().toString()));
            }
        }
        shared = KerasModels.load(h5);
        TASKS.add(new Task("shared output", () -> outputs(shared)));
        for (Task task : TASKS) {
            EXPECTED.put(task.name(), task.run().get());
        }
    }

    private static String outputs(ConvertedModel model) {
        StringBuilder text = new StringBuilder();
        for (INDArray output : model.outputs(input.dup())) {
            text.append(Arrays.toString(output.shape())).append(Arrays.toString(output.data().asFloat()));
        }
        return text.toString();
    }

    @Test
    void eightThreadsGetWhatOneThreadGets() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            threads.add(new Thread(() -> {
                for (int i = offset; System.nanoTime() < end && failures.size() < 10; i++) {
                    Task task = TASKS.get(i % TASKS.size());
                    try {
                        String actual = task.run().get();
                        if (!actual.equals(EXPECTED.get(task.name()))) {
                            failures.add(task.name() + ": a different result on " + Thread.currentThread().getName());
                        }
                        counts.computeIfAbsent(task.name(), k -> new AtomicLong()).incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(task.name() + ": " + e);
                    }
                }
            }, "concurrency-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(SECONDS + 300));
            assertTrue(!thread.isAlive(), thread.getName() + " does not finish");
        }
        assertEquals(List.of(), List.copyOf(failures));
        System.out.println("ConcurrencyTest: " + THREADS + " threads, " + SECONDS + " s: " + counts);
        for (Task task : TASKS) {
            assertTrue(counts.containsKey(task.name()), task.name() + " ran");
        }
        assertTrue(Files.exists(dir.resolve("small_alexnet.zip")));
    }
}
