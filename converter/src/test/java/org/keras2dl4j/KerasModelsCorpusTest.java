package org.keras2dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keras2dl4j.keras.NetworkSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions of real Keras files from the corpus, checked against Keras's own predictions. */
class KerasModelsCorpusTest {

    @Test
    void convertsKeras2BatchNormCnnToTheOutputsKerasComputed() {
        Path dir = Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5").getParent();
        ConvertedModel model = KerasModels.load(dir.resolve("cnn_batch_norm.h5"));
        INDArray input = Nd4j.createFromNpyFile(dir.resolve("input.npy").toFile()).castTo(DataType.FLOAT);
        INDArray expected = Nd4j.createFromNpyFile(dir.resolve("predictions.npy").toFile()).castTo(DataType.FLOAT);

        INDArray actual = model.output(input);

        assertArrayEquals(expected.shape(), actual.shape());
        double maxDiff = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(
                actual.sub(expected))).getDouble(0);
        assertTrue(maxDiff < 1e-4, "max |DL4J - Keras| = " + maxDiff);
    }

    @Test
    void summarisesSequentialAlexNetFromTfKeras24WithKerasShapes() {
        NetworkSummary summary = KerasModels.summary(Corpus.file("alexnet-s18838-MIW/alexnet/model.h5"), null);
        assertEquals("Sequential", summary.modelClass());
        assertTrue(summary.totalParams() > 0);
        System.out.println(summary);
    }

    @Test
    void reportsProgressOfEveryWeightByteBound() {
        long[] totals = new long[3];
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
                totals[0] = total;
            }

            @Override
            public void advance(long amount) {
                totals[1] += amount;
            }

            @Override
            public void finish() {
                totals[2]++;
            }
        };
        ConvertedModel model = KerasModels.load(Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5"),
                null, SelfCheck.RUN, progress);
        assertEquals(4 * model.summary().totalParams(), totals[0]);
        assertEquals(totals[0], totals[1]);
        assertEquals(1, totals[2]);
    }
}
