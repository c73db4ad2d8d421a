package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.SyntheticKerasArchives;

/**
 * Keras 3 files on the command line: the small models real Keras 3.15 saved as {@code .keras} and
 * as Keras 3 {@code .h5} verify against Keras 3's predictions, tf_keras's {@code .weights.h5} in
 * the Keras v3 layout reads with its JSON, the page's AlexNet as Keras 3 describes it validates
 * against Keras 3's own summary, and hostile archives exit 3 with nothing written.
 */
class Keras3CliTest {
    @TempDir
    Path dir;

    private static String fixture(String name) {
        return Fixtures.resource(name).toString();
    }

    @ParameterizedTest
    @CsvSource({
            "keras3/small_alexnet.h5, keras3/small_alexnet.predictions.npy",
            "keras3/small_alexnet.keras, keras3/small_alexnet.predictions.npy",
            "keras3/small_alexnet_sequential.keras, keras3/small_alexnet_sequential.predictions.npy"})
    void keras3FileVerifiesAgainstKeras3Predictions(String model, String predictions) {
        CliRun run = CliRun.of("verify", fixture(model), "--input", fixture("keras3/small_alexnet.input.npy"),
                "--expected", fixture(predictions), "--atol", "1e-4");
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void tfKerasWeightsH5InKeras3LayoutVerifiesWithItsJson() {
        CliRun run = CliRun.of("verify", fixture("keras2/small_alexnet.json"),
                "-w", fixture("keras2/small_alexnet.weights.h5"),
                "--input", fixture("keras2/small_alexnet.input.npy"),
                "--expected", fixture("keras2/small_alexnet.predictions.npy"), "--atol", "1e-4");
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @ParameterizedTest
    @CsvSource({
            "keras3/alexnet.json, keras3/alexnet.summary.txt",
            "keras3/alexnet-sequential.json, keras3/alexnet-sequential.summary.txt",
            "keras3/small_alexnet.keras, keras3/small_alexnet.summary.txt",
            "keras3/small_alexnet_sequential.keras, keras3/small_alexnet_sequential.summary.txt"})
    void keras3ModelValidatesAgainstKeras3sOwnSummary(String model, String summary) {
        CliRun run = CliRun.of("validate", fixture(model), "--summary", fixture(summary));
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void convertingSyntheticArchiveWithEscapingEntryExits3AndWritesNothing() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        entries.put("../../synthetic-escaped.txt", "x".getBytes(StandardCharsets.UTF_8));
        Path archive = SyntheticKerasArchives.zip(dir.resolve("synthetic-escape.keras"), entries, true);
        Path out = dir.resolve("out.zip");

        CliRun run = CliRun.of("convert", archive.toString(), "-o", out.toString());

        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("synthetic-escape.keras: archive entry '../../synthetic-escaped.txt' names a "
                + "path outside the archive"), run.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the archive itself is in the directory");
        }
    }

    @Test
    void lambdaLayerExits3SayingItsCodeIsNeverRun() throws IOException {
        Path json = Files.writeString(dir.resolve("synthetic-lambda.json"), "{\"class_name\": \"Sequential\", "
                + "\"keras_version\": \"3.15.1\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}},"
                + "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"double_it\", \"function\": {\"class_name\": "
                + "\"__lambda__\", \"config\": {\"code\": \"4wEAAAAA\"}}}}]}}");

        CliRun run = CliRun.of("summary", json.toString());

        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("layer 'double_it' is a Lambda layer") && run.err().contains("never executes"),
                run.err());
    }
}
