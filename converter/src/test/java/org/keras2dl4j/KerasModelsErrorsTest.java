package org.keras2dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.SyntheticWeights.Damage;

/**
 * Bad input gets one clear error naming the file, layer, weight, expected and actual shape, before
 * DL4J can copy a wrong-shaped weight silently. The damaged weights files are synthetic copies of the
 * real weights of a real Keras 2.1.3 model from the corpus (cnn_batch_norm.h5).
 */
class KerasModelsErrorsTest {
    @TempDir
    Path dir;

    private static Path realModel() {
        return Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5");
    }

    /** The real model's architecture as JSON, to pair with synthetic weights files. */
    private Path realJson() throws IOException {
        String json;
        try (var file = org.keras2dl4j.io.KerasFiles.open(realModel(), null)) {
            json = file.config().json().toString();
        }
        return Files.writeString(dir.resolve("cnn_batch_norm.json"), json);
    }

    private String errorFor(String layer, String weight, Damage damage) throws IOException {
        Path weights = SyntheticWeights.copyWith(realModel(), dir.resolve("synthetic-" + damage + ".h5"), layer,
                weight, damage);
        Path json = realJson();
        return assertThrows(InvalidModelException.class, () -> KerasModels.load(json, weights)).getMessage();
    }

    @Test
    void acceptsAnUndamagedCopyOfTheRealWeights() throws IOException {
        Path weights = SyntheticWeights.copyWith(realModel(), dir.resolve("copy.h5"), "none", "none", Damage.DROP);
        ConvertedModel model = KerasModels.load(realJson(), weights);
        assertEquals(KerasModels.load(realModel()).summary(), model.summary());
    }

    @Test
    void rejectsTransposedDenseKernel() throws IOException {
        String message = errorFor("dense_1", "kernel", Damage.TRANSPOSE);
        assertTrue(message.startsWith("synthetic-TRANSPOSE.h5: layer 'dense_1' (Dense): weight 'kernel' has shape"),
                message);
        assertTrue(message.contains("transposed"), message);
    }

    @Test
    void rejectsConvKernelInOutInHeightWidthOrder() throws IOException {
        String message = errorFor("conv2d_1", "kernel", Damage.OIHW);
        assertTrue(message.contains("layer 'conv2d_1' (Conv2D): weight 'kernel' has shape"), message);
        assertTrue(message.contains("(out, in, kh, kw)"), message);
    }

    @Test
    void rejectsShortGamma() throws IOException {
        String message = errorFor("batch_normalization_1", "gamma", Damage.CUT_SHORT);
        assertTrue(message.contains("layer 'batch_normalization_1' (BatchNormalization): weight 'gamma' has shape"),
                message);
    }

    @Test
    void rejectsMissingBias() throws IOException {
        String message = errorFor("dense_1", "bias", Damage.DROP);
        assertTrue(message.contains("layer 'dense_1' (Dense): weight 'bias' is missing (expected shape ("), message);
    }

    @Test
    void rejectsAFileThatIsNotHdf5() throws IOException {
        Path notHdf5 = Files.writeString(dir.resolve("model.h5"), "PK\u0003\u0004 this is not a Keras file");
        String message = assertThrows(Keras2Dl4jException.class, () -> KerasModels.load(notHdf5)).getMessage();
        assertTrue(message.contains("model.h5"), message);
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(realModel());
        Path truncated = Files.write(dir.resolve("truncated.h5"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String message = assertThrows(InvalidModelException.class, () -> KerasModels.load(truncated)).getMessage();
        assertTrue(message.contains("truncated.h5"), message);
    }

    @Test
    void refusesAJsonWithoutWeightsForConversion() throws IOException {
        Path json = realJson();
        String message = assertThrows(InvalidModelException.class, () -> KerasModels.load(json)).getMessage();
        assertTrue(message.contains("holds no weights"), message);
    }
}
