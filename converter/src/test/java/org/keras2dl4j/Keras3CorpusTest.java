package org.keras2dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keras2dl4j.keras.NetworkSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The corpus's Keras 3 files (and tf_keras 2.15's {@code .keras}): each converts to the outputs
 * real Keras computes from it (references made by fixtures/python/corpus_keras3_predictions.py,
 * Keras 3.15.1 and tf_keras 2.19, in src/test/resources/org/keras2dl4j/keras3corpus), and a model
 * the corpus holds as both {@code .h5} and {@code .keras} gives the same outputs from both.
 */
class Keras3CorpusTest {
    static final double KERAS_TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({
            "keras3-Moonflower2022/mnist_model.h5, keras3-Moonflower2022__mnist_model.h5",
            "keras3-Moonflower2022/mnist_model.keras, keras3-Moonflower2022__mnist_model.keras",
            "keras3-TANYAAWASTHI1/resnet_model.h5, keras3-TANYAAWASTHI1__resnet_model.h5",
            "keras3-TANYAAWASTHI1/resnet_model.keras, keras3-TANYAAWASTHI1__resnet_model.keras",
            "keras3-edanodongo/cifar10_model.h5, keras3-edanodongo__cifar10_model.h5",
            "keras3-edanodongo/cifar10_model.keras, keras3-edanodongo__cifar10_model.keras",
            "keras3-SSARAWAGI05/mnist_cnn_model.h5, keras3-SSARAWAGI05__mnist_cnn_model.h5",
            "keras3-DeptCS-GU/cifar10_model.keras, keras3-DeptCS-GU__cifar10_model.keras",
            "keras3-AlbanyArmenta0711/mnist_model.keras, keras3-AlbanyArmenta0711__mnist_model.keras",
            "alexnet-nate13nate/alexnet.keras, alexnet-nate13nate__alexnet.keras",
            // Saved on Windows by tf_keras 2.15 (backslash weight paths), which tf_keras 2.19 no longer
            // loads; its .h5 holds the same weights byte for byte, and Keras's predictions from it are the reference.
            "tfkeras215-AnshajMalhotra/cifar10_model.keras, tfkeras215-AnshajMalhotra__cifar10_model.h5",
            "tfkeras215-AnshajMalhotra/cifar10_model.h5, tfkeras215-AnshajMalhotra__cifar10_model.h5"})
    void convertsToTheOutputsKerasComputes(String file, String reference) throws Exception {
        ConvertedModel model = KerasModels.load(Corpus.file(file));
        INDArray input = npy(reference + ".input.npy");
        INDArray expected = npy(reference + ".predictions.npy");

        INDArray actual = model.output(input);

        assertArrayEquals(expected.shape(), actual.shape());
        double maxDiff = maxAbsDiff(actual, expected);
        System.out.printf("%s: max |keras2dl4j - Keras| = %.3g%n", file, maxDiff);
        assertTrue(maxDiff <= KERAS_TOLERANCE, file + ": max |keras2dl4j - Keras| = " + maxDiff);
    }

    @Test
    void h5AndKerasFormsOfOneModelGiveTheSameOutputs() {
        // The corpus's other .h5/.keras pairs (Moonflower2022, edanodongo) were saved at different points of
        // training: Keras's own predictions from the two forms differ by 0.25 and 0.016, so only this pair
        // holds one model twice. Each form of every pair matches Keras above.
        ConvertedModel fromH5 = KerasModels.load(Corpus.file("keras3-TANYAAWASTHI1/resnet_model.h5"));
        ConvertedModel fromKeras = KerasModels.load(Corpus.file("keras3-TANYAAWASTHI1/resnet_model.keras"));
        Nd4j.getRandom().setSeed(20240611);
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 32, 32, 3).muli(255);

        INDArray a = fromH5.output(input);
        INDArray b = fromKeras.output(input);

        double maxDiff = maxAbsDiff(a, b);
        System.out.printf("TANYAAWASTHI1 resnet_model .h5 vs .keras: max |diff| = %.3g%n", maxDiff);
        assertTrue(maxDiff <= 1e-5, "max |h5 - keras| = " + maxDiff);
        assertTrue(maxAbsDiff(a, fromH5.output(input.mul(0.5))) > 1e-6, "the outputs do not depend on the input");
    }

    @Test
    void convertsNestedAugmentationSequential() {
        // Keras 3.15 itself no longer loads this file (RandomRotation lost its value_range argument),
        // so there is no reference output; the augmentation layers are identity at inference.
        Path file = Corpus.file("keras3-SSARAWAGI05/cnn_model.keras");
        ConvertedModel model = KerasModels.load(file);
        Nd4j.getRandom().setSeed(20240611);
        INDArray output = model.output(Nd4j.rand(DataType.FLOAT, 2, 28, 28, 1));
        assertArrayEquals(new long[] {2, 10}, output.shape());
        assertEquals(2.0, output.sumNumber().doubleValue(), 1e-5, "softmax rows sum to 1");
    }

    @Test
    void augmentationLayersOfANestedSequentialKeepTheirRowsInTheSummary() {
        NetworkSummary summary = KerasModels.summary(Corpus.file("keras3-SSARAWAGI05/cnn_model.keras"), null);
        String text = summary.toString();
        assertTrue(text.contains("random_rotation"), text);
        assertTrue(text.contains("RandomZoom"), text);
    }

    @Test
    void refusesQKerasArchiveNamingTheClassAndItsModule() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> KerasModels.load(Corpus.file("hls4ml-example-models/keras/qkeras-v3_3layer.keras")));
        assertTrue(e.getMessage().contains("QDense") && e.getMessage().contains("qkeras.qlayers"), e.getMessage());
    }

    static INDArray npy(String name) throws Exception {
        java.net.URL url = Keras3CorpusTest.class.getResource("keras3corpus/" + name);
        assertTrue(url != null, "missing test resource keras3corpus/" + name);
        return Nd4j.createFromNpyFile(Path.of(url.toURI()).toFile()).castTo(DataType.FLOAT);
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
