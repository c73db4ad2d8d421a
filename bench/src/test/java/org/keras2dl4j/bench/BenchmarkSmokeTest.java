package org.keras2dl4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * Runs one round of every task on the small real-Keras AlexNet (32x32 inputs), one forward pass
 * each, without the Keras peer: the harness works end to end. The numbers mean nothing here.
 */
class BenchmarkSmokeTest {
    @Test
    void measuresEveryTaskOnASmallModelAndWritesTheDoc(@TempDir Path dir) throws Exception {
        Path saved = Files.createDirectories(dir.resolve("keras2"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.h5"), saved.resolve("alexnet.h5"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.input.npy"), saved.resolve("alexnet.input.npy"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.predictions.npy"), saved.resolve("alexnet.predictions.npy"));
        Path doc = dir.resolve("performance.md");
        Files.writeString(doc, "# Performance\n\nHand-written notes.\n\n" + Report.BEGIN + "\nold\n" + Report.END
                + "\n\nMore notes.\n");

        Benchmark.Options options = Benchmark.Options.parse(new String[] {
            "--root", "..", "--model", saved.resolve("alexnet.h5").toString(), "--keras-saved", saved.toString(),
            "--summary", Fixtures.resource("keras2/small_alexnet.summary.txt").toString(), "--shape", "32,32,3",
            "--work", dir.resolve("work").toString(), "--repeats", "1", "--warmup", "0", "--n1", "1", "--n16", "1",
            // The launcher builds the tool on first use: never from inside a Maven build.
            "--launcher", "no"});
        Report report = new Benchmark(options).run();
        report.writeInto(doc);

        String table = report.table();
        for (String task : new String[] {"Convert .h5 to a ready network", "Write the converted zip", "Load the zip",
            "validate --fast beyond JVM start", "Outputs against Keras's predictions", "Forward batch 16 against plain DL4J"}) {
            assertTrue(table.contains("| " + task + " |"), () -> task + " missing from\n" + table);
        }
        assertTrue(table.contains("max |diff|"), table);
        String written = Files.readString(doc);
        assertTrue(written.startsWith("# Performance\n\nHand-written notes.\n\n" + Report.BEGIN), written);
        assertTrue(written.endsWith(Report.END + "\n\nMore notes.\n"), written);
        assertEquals(written.indexOf(Report.BEGIN), written.lastIndexOf(Report.BEGIN), written);
        assertTrue(written.contains("nd4j-native linux-x86_64"), written);
    }
}
