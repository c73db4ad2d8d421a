package org.keras2dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.dl4j.NetworkArchive;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Self-checking conversions: the zip carries a test vector that loading re-runs. */
class SelfCheckTest {
    @TempDir
    Path dir;

    private Path converted() {
        Path zip = dir.resolve("cnn.zip");
        KerasModels.load(Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5")).save(zip);
        return zip;
    }

    @Test
    void savedZipCarriesATestVectorThatLoadingPasses() throws IOException {
        Path zip = converted();
        TestVector vector = NetworkArchive.readTestVector(zip).orElseThrow();
        assertEquals(TestVector.CONVERSION, vector.origin());
        assertEquals(1, vector.inputs().size());
        KerasModels.load(zip);
        // DL4J's own loader ignores the extra entries.
        MultiLayerNetwork network = MultiLayerNetwork.load(zip.toFile(), false);
        assertEquals(vector.outputs().get(0), network.output(vector.inputs().get(0), false));
    }

    @Test
    void changedWeightFailsTheSelfCheckNamingPositionAndValues() throws IOException {
        Path zip = converted();
        Path tampered = dir.resolve("synthetic-tampered.zip");
        rewrite(zip, tampered, NetworkArchive.TEST_VECTOR_DIR + "output_0.npy", bytes -> {
            INDArray output = Npy.parse("output", bytes);
            output.putScalar(new long[] {0, 0}, output.getFloat(0, 0) + 0.01f);
            return Npy.bytes(output);
        });

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasModels.load(tampered));

        assertTrue(e.getMessage().startsWith("synthetic-tampered.zip: self-check failed: output 0 at (0, 0) is "),
                e.getMessage());
        assertTrue(e.getMessage().contains("> tolerance 1.0E-4"), e.getMessage());
        KerasModels.load(tampered, null, SelfCheck.SKIP);
    }

    @Test
    void zipSavedWithoutTestVectorLoads() {
        Path zip = dir.resolve("plain.zip");
        KerasModels.load(Corpus.file("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5")).save(zip, null);
        assertTrue(NetworkArchive.readTestVector(zip).isEmpty());
        KerasModels.load(zip);
    }

    private static void rewrite(Path source, Path target, String entryName,
            java.util.function.UnaryOperator<byte[]> change) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(entryName) ? change.apply(bytes) : bytes);
                out.closeEntry();
            }
        }
    }
}
