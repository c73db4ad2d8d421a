package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.AlexNetFixture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The full-size AlexNet through our conversion (layer by layer, Dense kernels streamed in row blocks
 * into uninitialised parameters, bulk zip writing and reading) computes what plain DL4J's own import
 * of the same file computes.
 */
class FullSizeConversionTest {
    @TempDir
    Path dir;

    @Test
    void matchesPlainDl4jImportBeforeAndAfterTheZip() throws Exception {
        Path h5 = dir.resolve("alexnet.h5");
        AlexNetFixture.write(h5, 7);
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3);

        ComputationGraph plain = KerasModelImport.importKerasModelAndWeights(h5.toString(), false);
        INDArray expected = plain.output(false, input)[0];
        plain.close();

        ConvertedModel ours = KerasModels.load(h5);
        assertClose(expected, ours.output(input));
        Path zip = dir.resolve("alexnet.zip");
        ours.save(zip);
        assertClose(expected, KerasModels.load(zip).output(input));
        assertClose(expected, ComputationGraph.load(zip.toFile(), false).output(false, input)[0]);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double max = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(max < 1e-6, "max |ours - plain DL4J| = " + max);
    }
}
