package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.SelfCheck;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every small model of {@code fixtures/.../layers/manifest.tsv} (one per layer or option a converter
 * must handle, saved by real tf_keras 2.19 and Keras 3.15: GRU, Bidirectional, Conv2DTranspose,
 * LayerNormalization, MultiHeadAttention, TimeDistributed, bilinear UpSampling2D, Normalization,
 * shared layers, Dense on sequences, Embedding, activations by Keras version, graph arithmetic,
 * broadcasting merges, grouped and channels_first convolutions...) converts and computes Keras's
 * predictions within 1e-4 ({@code verify}), validates against the summary Keras printed
 * ({@code validate --summary}), runs on keras2dl4j's inference engine with DL4J's outputs, and
 * converts to a network that DL4J's own {@code ModelSerializer} reads back and that computes the
 * same outputs.
 */
class LayerFixturesTest {
    private static final String DIR = "layers/";

    @TempDir
    Path dir;

    /** The manifest's rows: Keras version, model file, weights file or -, input, predictions, summary, note. */
    static Stream<Arguments> models() {
        Path manifest = Fixtures.resource(DIR + "manifest.tsv");
        List<Arguments> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                rows.add(Arguments.of(f[2], f[3], f[4], f[5], f[6], f.length > 8 ? f[8] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.stream();
    }

    private static String file(String relative) {
        return Fixtures.resource(DIR + relative).toString();
    }

    private static List<String> model(String model, String weights) {
        List<String> args = new ArrayList<>(List.of(file(model)));
        if (!weights.equals("-")) {
            args.addAll(List.of("-w", file(weights)));
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void computesKerasPredictions(String model, String weights, String input, String predictions, String summary,
            String note) {
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(model(model, weights));
        args.addAll(List.of("--input", file(input), "--expected", file(predictions), "--atol", "1e-4"));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), note + "\n" + run.out() + run.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void validatesAgainstTheSummaryKerasPrinted(String model, String weights, String input, String predictions,
            String summary, String note) {
        List<String> args = new ArrayList<>(List.of("validate"));
        args.addAll(model(model, weights));
        args.addAll(List.of("--summary", file(summary)));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), note + "\n" + run.out() + run.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void dl4jsOwnLoaderReadsTheConvertedNetwork(String model, String weights, String input, String predictions,
            String summary, String note) throws IOException {
        ConvertedModel converted = KerasModels.load(Path.of(file(model)), weights.equals("-") ? null
                : Path.of(file(weights)));
        Path zip = dir.resolve("model.zip");
        converted.save(zip);
        INDArray x = Npy.read(Path.of(file(input))).castTo(DataType.FLOAT);
        INDArray before = x.dup();
        INDArray expected = converted.dl4jOutputs(x)[0];
        assertEquals(before, x, "DL4J's forward pass leaves the caller's input as it was");
        assertTrue(converted.fastInference(), model + " runs on keras2dl4j's inference engine");
        INDArray fast = converted.output(x);
        assertEquals(before, x, "the engine leaves the caller's input as it was");
        double difference = fast.sub(expected).amaxNumber().doubleValue();
        assertTrue(difference <= 1e-5, model + ": the engine computes what DL4J computes, max |difference| " + difference);
        INDArray actual;
        if (converted.isGraph()) {
            actual = ComputationGraph.load(zip.toFile(), false).output(false, x)[0];
        } else {
            actual = MultiLayerNetwork.load(zip.toFile(), false).output(x, false);
        }
        assertEquals(expected, actual, model + ": ModelSerializer's network computes what the converted one does");
        ConvertedModel reloaded = KerasModels.load(zip, null, SelfCheck.RUN);
        assertEquals(converted.summary(), reloaded.summary(), "the zip keeps the Keras summary");
    }
}
