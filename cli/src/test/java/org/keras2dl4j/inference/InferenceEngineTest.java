package org.keras2dl4j.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.Corpus;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.AlexNetFixture;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.Npy;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inference engine computes what DL4J's forward pass and Keras compute (within 1e-4) on real
 * Keras files, and leaves networks with layers it does not run to DL4J.
 */
class InferenceEngineTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "keras2/small_alexnet.h5, keras2/small_alexnet.input.npy, keras2/small_alexnet.predictions.npy",
            "keras2/small_alexnet_sequential.h5, keras2/small_alexnet.input.npy, keras2/small_alexnet_sequential.predictions.npy",
            "keras3/small_alexnet.h5, keras3/small_alexnet.input.npy, keras3/small_alexnet.predictions.npy",
            "keras3/small_alexnet.keras, keras3/small_alexnet.input.npy, keras3/small_alexnet.predictions.npy",
            "keras3/small_alexnet_sequential.keras, keras3/small_alexnet.input.npy, keras3/small_alexnet_sequential.predictions.npy"})
    void matchesKerasAndDl4jOnRealKerasFiles(String model, String input, String predictions) {
        ConvertedModel converted = KerasModels.load(Fixtures.resource(model));
        INDArray x = Npy.read(Fixtures.resource(input));
        INDArray before = x.dup();

        assertTrue(converted.fastInference(), model + " should run on the engine");
        INDArray fast = converted.output(x);
        assertClose(Npy.read(Fixtures.resource(predictions)), fast, model + " against Keras");
        assertClose(converted.dl4jOutputs(x)[0], fast, model + " against DL4J");
        assertEquals(before, x, "the caller's input is left as it was");
    }

    @Test
    void runsLoadedZipsAndDoubleInputs() {
        Path zip = dir.resolve("small_alexnet.zip");
        KerasModels.load(Fixtures.resource("keras2/small_alexnet.h5")).save(zip);
        ConvertedModel loaded = KerasModels.load(zip);
        INDArray x = Npy.read(Fixtures.resource("keras2/small_alexnet.input.npy"));

        assertTrue(loaded.fastInference());
        INDArray expected = Npy.read(Fixtures.resource("keras2/small_alexnet.predictions.npy"));
        assertClose(expected, loaded.output(x), "zip");
        assertClose(expected, loaded.output(x.castTo(DataType.DOUBLE)), "float64 input");
    }

    @Test
    void matchesDl4jOnTheFullSizeAlexNet() {
        Path h5 = dir.resolve("alexnet.h5");
        AlexNetFixture.write(h5, 7);
        ConvertedModel alexNet = KerasModels.load(h5);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3);

        assertTrue(alexNet.fastInference());
        INDArray fast = alexNet.output(x);
        assertArrayEquals(new long[] {2, 1000}, fast.shape());
        assertClose(alexNet.dl4jOutputs(x)[0], fast, "full-size AlexNet against DL4J");
        assertClose(alexNet.dl4jOutputs(x.get(NDArrayIndex.interval(0, 1)))[0],
                alexNet.output(x.get(NDArrayIndex.interval(0, 1))), "batch 1");
    }

    @Test
    void runsCorpusModelsOfSupportedLayers() {
        for (String file : new String[] {"dl4j-test-resources/keras/simple/cnn_tf_model.h5",
                "dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5"}) {
            ConvertedModel model = KerasModels.load(Corpus.file(file));
            assertTrue(model.fastInference(), file + ": " + InferenceEngine.unsupportedReason(model.network()));
            long[] shape = dims(model.inputShapes().get(0));
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            assertClose(model.dl4jOutputs(x)[0], model.output(x), file);
        }
    }

    @Test
    void runsLayersWithoutAnOpThroughThatLayersOwnForwardPass() {
        ConvertedModel lstm = KerasModels.load(Corpus.file(
                "dl4j-test-resources/examples/simple_lstm/simple_lstm_tf_keras_2_model.h5"));

        assertTrue(lstm.fastInference(), String.valueOf(InferenceEngine.unsupportedReason(lstm.network())));
        long[] shape = dims(lstm.inputShapes().get(0));
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        assertEquals(lstm.dl4jOutputs(x)[0], lstm.output(x));
    }

    @Test
    void leavesNetworksWithVerticesItDoesNotRunToDl4jNamingTheVertex() {
        // A synthetic DL4J graph (not from Keras) with a SubsetVertex, which keras2dl4j never builds.
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addVertex("subset", new SubsetVertex(0, 1), "in")
                .addLayer("dense", new DenseLayer.Builder().nIn(2).nOut(3).build(), "subset")
                .setOutputs("dense")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        String reason = InferenceEngine.unsupportedReason(graph).orElseThrow();
        assertTrue(reason.contains("'subset'") && reason.contains("SubsetVertex"), reason);
        assertTrue(InferenceEngine.of(graph).isEmpty());
    }

    /** A batch of 3 of {@code shape}, open dimensions 8 long. */
    private static long[] dims(Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = d == 0 ? 3 : shape.dim(d) == null ? 8 : shape.dim(d);
        }
        return dims;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double max = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(max <= TOLERANCE, what + ": max |difference| " + max + " > " + TOLERANCE);
    }
}
