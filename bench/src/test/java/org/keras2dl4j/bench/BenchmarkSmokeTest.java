package org.keras2dl4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * Runs one round of every task on the small real-Keras AlexNet (32x32 inputs), one forward pass
 * each, without the Keras peer: the harness works end to end. The same small model stands in for an
 * applications model (the ResNet50 and MobileNetV2 of a real run need Python to be written), so the
 * applications tasks and table run too. The numbers mean nothing here.
 */
class BenchmarkSmokeTest {
    @Test
    void measuresEveryTaskOnASmallModelAndWritesTheDoc(@TempDir Path dir) throws Exception {
        Path saved = smallAlexNet(dir);
        Path doc = dir.resolve("performance.md");
        Files.writeString(doc, "# Performance\n\nHand-written notes.\n\n" + Report.BEGIN + "\nold\n" + Report.END
                + "\n\nMore notes.\n");

        Benchmark.Options options = Benchmark.Options.parse(new String[] {
            "--root", "..", "--model", saved.resolve("alexnet.h5").toString(), "--keras-saved", saved.toString(),
            "--summary", Fixtures.resource("keras2/small_alexnet.summary.txt").toString(), "--shape", "32,32,3",
            "--work", dir.resolve("work").toString(), "--repeats", "1", "--warmup", "0", "--n1", "1", "--n16", "1",
            "--models", "alexnet", "--dl4j-passes", "0,1,1",
            // The launcher builds the tool on first use: never from inside a Maven build.
            "--launcher", "no"});
        options.apps = List.of(new Benchmark.AppModel("small", "SmallAlexNet", saved.resolve("alexnet.h5"),
                saved.resolve("alexnet.input.npy"), saved.resolve("alexnet.predictions.npy"), "32,32,3"));
        Report report = new Benchmark(options).run();
        report.writeInto(doc);

        String table = report.table();
        for (String task : new String[] {"Convert .h5 to a ready network", "Write the converted zip", "Load the zip",
            "validate --fast beyond JVM start", "Outputs against Keras's predictions", "Forward batch 16 against plain DL4J"}) {
            assertTrue(table.contains("| " + task + " |"), () -> task + " missing from\n" + table);
        }
        assertTrue(table.contains("max |diff|"), table);
        assertFalse(table.contains("small-"), table);

        String apps = report.appsTable();
        assertTrue(apps.contains("| SmallAlexNet | batch 1: latency |"), apps);
        assertTrue(apps.contains("| SmallAlexNet | batch 16: throughput |"), apps);
        assertTrue(apps.contains("| SmallAlexNet | 19,610 | true |"), apps);

        String written = Files.readString(doc);
        assertTrue(written.startsWith("# Performance\n\nHand-written notes.\n\n" + Report.BEGIN), written);
        assertTrue(written.endsWith(Report.APPS_END + "\n\nMore notes.\n"), written);
        assertEquals(written.indexOf(Report.BEGIN), written.lastIndexOf(Report.BEGIN), written);
        assertTrue(written.indexOf(Report.END) < written.indexOf(Report.APPS_BEGIN), written);
        assertTrue(written.contains("nd4j-native linux-x86_64"), written);
        assertTrue(written.contains("| small-compare |"), written);
        String alexNetBlock = written.substring(written.indexOf(Report.BEGIN), written.indexOf(Report.END));
        assertFalse(alexNetBlock.contains("small-"), alexNetBlock);
    }

    @Test
    void findsTheApplicationsModelsInTheManifestAndNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        Path saved = smallAlexNet(dir);
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Path keras2 = Files.createDirectories(apps.resolve("keras2"));
        Files.copy(saved.resolve("alexnet.h5"), keras2.resolve("ResNet50.h5"));
        Files.copy(saved.resolve("alexnet.input.npy"), keras2.resolve("ResNet50.input.npy"));
        Files.copy(saved.resolve("alexnet.predictions.npy"), keras2.resolve("ResNet50.h5.predictions.npy"));
        Files.writeString(apps.resolve("manifest.tsv"), String.join("\n",
                "keras_major\tmodel_name\tmodel_file\tweights_file\tinput_npy\tpredictions_npy\tsummary_txt\tcount_params",
                "2\tResNet50\tkeras2/ResNet50.json\tkeras2/ResNet50_weights.h5\tkeras2/ResNet50.input.npy"
                        + "\tkeras2/ResNet50.json.predictions.npy\tkeras2/ResNet50.summary.txt\t25636712",
                "2\tResNet50\tkeras2/ResNet50.h5\t-\tkeras2/ResNet50.input.npy\tkeras2/ResNet50.h5.predictions.npy"
                        + "\tkeras2/ResNet50.summary.txt\t25636712",
                "3\tResNet50\tkeras3/ResNet50.h5\t-\tkeras3/ResNet50.input.npy\tkeras3/ResNet50.h5.predictions.npy"
                        + "\tkeras3/ResNet50.summary.txt\t25636712") + "\n");

        Benchmark.Options options = Benchmark.Options.parse(new String[] {
            "--root", "..", "--apps", apps.toString(), "--models", "ResNet50"});
        assertFalse(options.alexnet);
        assertEquals(1, options.apps.size());
        Benchmark.AppModel app = options.apps.get(0);
        assertEquals("resnet50", app.id());
        assertEquals(keras2.resolve("ResNet50.h5"), app.h5());
        assertEquals(keras2.resolve("ResNet50.h5.predictions.npy"), app.predictions());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Benchmark.Options.parse(
                new String[] {"--root", "..", "--apps", apps.toString(), "--models", "alexnet,mobilenetv2"}));
        assertTrue(missing.getMessage().contains("MobileNetV2") && missing.getMessage().contains("applications.py"),
                missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Benchmark.Options.parse(new String[] {"--root", "..", "--models", "vgg16"}));
        assertTrue(unknown.getMessage().contains("alexnet,resnet50,mobilenetv2"), unknown.getMessage());
    }

    private static Path smallAlexNet(Path dir) throws Exception {
        Path saved = Files.createDirectories(dir.resolve("keras2"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.h5"), saved.resolve("alexnet.h5"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.input.npy"), saved.resolve("alexnet.input.npy"));
        Files.copy(Fixtures.resource("keras2/small_alexnet.predictions.npy"), saved.resolve("alexnet.predictions.npy"));
        return saved;
    }
}
