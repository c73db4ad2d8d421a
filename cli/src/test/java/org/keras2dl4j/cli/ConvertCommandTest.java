package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Corpus;
import org.keras2dl4j.SyntheticWeights;
import org.keras2dl4j.fixtures.Fixtures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code convert} of the small AlexNet-shaped models real Keras 2 saved, in each form Keras saves:
 * the zips DL4J's own loaders read must compute Keras's predictions, and summarise as the source.
 */
class ConvertCommandTest {
    @TempDir
    Path dir;

    private CliRun convert(Path out, String... sources) {
        String[] args = new String[sources.length + 3];
        args[0] = "convert";
        System.arraycopy(sources, 0, args, 1, sources.length);
        args[sources.length + 1] = "-o";
        args[sources.length + 2] = out.toString();
        return CliRun.of(args);
    }

    private static INDArray npy(String resource) {
        return Nd4j.createFromNpyFile(Fixtures.resource(resource).toFile()).castTo(DataType.FLOAT);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        double max = Transforms.maxAbsDifference(expected, actual);
        assertTrue(max < 1e-4, "max |DL4J - Keras| = " + max);
    }

    private void assertSummaryAgrees(Path source, Path zip) {
        CliRun fromSource = CliRun.of("summary", source.toString(), "--format", "json");
        CliRun fromZip = CliRun.of("summary", zip.toString(), "--format", "json");
        assertEquals(0, fromZip.exitCode(), fromZip.err());
        assertEquals(fromSource.out(), fromZip.out());
    }

    @Test
    void functionalH5ConvertsToAGraphThatDl4jLoadsAndThatComputesKerasPredictions() throws IOException {
        Path h5 = Fixtures.resource("keras2/small_alexnet.h5");
        Path zip = dir.resolve("small.zip");
        CliRun run = convert(zip, h5.toString());
        assertEquals(0, run.exitCode(), run.err());
        ComputationGraph graph = ComputationGraph.load(zip.toFile(), false);
        assertClose(npy("keras2/small_alexnet.predictions.npy"),
                graph.output(false, npy("keras2/small_alexnet.input.npy"))[0]);
        assertSummaryAgrees(h5, zip);
    }

    @Test
    void jsonWithWeightsOnlyH5Converts() throws IOException {
        Path zip = dir.resolve("small-json.zip");
        CliRun run = convert(zip, Fixtures.resource("keras2/small_alexnet.json").toString(), "-w",
                Fixtures.resource("keras2/small_alexnet_weights.h5").toString());
        assertEquals(0, run.exitCode(), run.err());
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        assertClose(npy("keras2/small_alexnet.predictions.npy"),
                graph.output(false, npy("keras2/small_alexnet.input.npy"))[0]);
    }

    @Test
    void sequentialH5ConvertsToAMultiLayerNetwork() throws IOException {
        Path h5 = Fixtures.resource("keras2/small_alexnet_sequential.h5");
        Path zip = dir.resolve("small-seq.zip");
        CliRun run = convert(zip, h5.toString());
        assertEquals(0, run.exitCode(), run.err());
        MultiLayerNetwork network = MultiLayerNetwork.load(zip.toFile(), false);
        assertClose(npy("keras2/small_alexnet_sequential.predictions.npy"),
                network.output(npy("keras2/small_alexnet.input.npy"), false));
        assertSummaryAgrees(h5, zip);
    }

    @Test
    void wrongShapeWeightExitsThreeWithOneLineAndLeavesNoOutput() throws IOException {
        Path model = Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5");
        Path json = dir.resolve("cnn.json");
        CliRun summary = CliRun.of("summary", model.toString(), "--format", "json");
        assertEquals(0, summary.exitCode(), summary.err());
        try (var file = org.keras2dl4j.io.KerasFiles.open(model, null)) {
            Files.writeString(json, file.config().json().toString());
        }
        Path weights = SyntheticWeights.copyWith(model, dir.resolve("synthetic-transposed.h5"), "dense_1", "kernel",
                SyntheticWeights.Damage.TRANSPOSE);
        Path zip = dir.resolve("out.zip");

        CliRun run = convert(zip, json.toString(), "-w", weights.toString());

        assertEquals(3, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("layer 'dense_1' (Dense): weight 'kernel' has shape"), run.err());
        assertNothingWrittenBesides(json, weights);
    }

    @Test
    void truncatedFileExitsThreeAndLeavesNoOutput() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.resource("keras2/small_alexnet.h5"));
        Path truncated = Files.write(dir.resolve("truncated.h5"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun run = convert(dir.resolve("out.zip"), truncated.toString());
        assertEquals(3, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("truncated.h5"), run.err());
        assertNothingWrittenBesides(truncated);
    }

    @Test
    void nonHdf5FileExitsThreeAndLeavesNoOutput() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "just some notes, not a model\n");
        CliRun run = convert(dir.resolve("out.zip"), text.toString());
        assertEquals(3, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("notes.h5: not a Keras model file"), run.err());
        assertNothingWrittenBesides(text);
    }

    @Test
    void noStackTraceWithoutDebugButOneWithIt() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "{ not json");
        CliRun quiet = CliRun.of("summary", text.toString());
        CliRun debug = CliRun.of("summary", text.toString(), "--debug");
        assertEquals(3, quiet.exitCode());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        assertTrue(debug.err().contains("\tat "), debug.err());
    }

    private void assertNothingWrittenBesides(Path... inputs) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            java.util.Set<Path> expected = new java.util.HashSet<>(java.util.Arrays.asList(inputs));
            for (Path file : files.toList()) {
                assertTrue(expected.contains(file), "left behind: " + file);
            }
        }
    }
}
