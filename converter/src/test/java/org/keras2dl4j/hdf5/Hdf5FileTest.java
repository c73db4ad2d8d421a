package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.H5F_OBJ_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5Fget_obj_count;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.InvalidModelException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class Hdf5FileTest {

    @TempDir
    Path temp;

    @Test
    void readsTfKeras215FullModel() throws IOException {
        try (Hdf5File file = Hdf5File.openReadOnly(corpusFile("tfkeras215-devhadvani/cifar10_model2.h5"))) {
            Hdf5Group root = file.root();
            assertEquals("2.15.0", root.stringAttribute("keras_version").orElseThrow());
            JsonNode config = new ObjectMapper().readTree(root.stringAttribute("model_config").orElseThrow());
            assertEquals("Sequential", config.get("class_name").asText());

            Hdf5Group weights = root.group("model_weights");
            List<String> layerNames = weights.chunkedStringArrayAttribute("layer_names");
            assertEquals(22, layerNames.size());
            assertEquals(List.of("conv2d_12", "batch_normalization_7", "conv2d_13"), layerNames.subList(0, 3));
            assertEquals(List.of("conv2d_12/kernel:0", "conv2d_12/bias:0"),
                    weights.group("conv2d_12").stringArrayAttribute("weight_names"));

            Hdf5Dataset kernel = weights.dataset("conv2d_12/conv2d_12/kernel:0");
            assertArrayEquals(new long[] {3, 3, 3, 32}, kernel.shape());
            assertEquals("float32", kernel.dtype());
            assertEquals(3 * 3 * 3 * 32, kernel.readFloats().length);
        }
    }

    @Test
    void readsKeras3FullModel() throws IOException {
        try (Hdf5File file = Hdf5File.openReadOnly(corpusFile("keras3-Moonflower2022/mnist_model.h5"))) {
            Hdf5Group root = file.root();
            assertEquals("3.1.1", root.stringAttribute("keras_version").orElseThrow());
            assertEquals("Sequential",
                    new ObjectMapper().readTree(root.stringAttribute("model_config").orElseThrow()).get("class_name").asText());
            Hdf5Group weights = root.group("model_weights");
            assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_1"),
                    weights.stringArrayAttribute("layer_names").subList(0, 3));
            assertEquals(List.of("kernel", "bias"), weights.group("conv2d_1").stringArrayAttribute("weight_names"));
            // Keras stores a layer without weights as np.asarray([]), an empty float64 array.
            assertEquals(List.of(), weights.group("flatten").stringArrayAttribute("weight_names"));
            assertTrue(weights.groupNames().contains("top_level_model_weights"));
        }
    }

    @Test
    void readsKeras2FixedLengthNamesAndListsChildrenByName() {
        try (Hdf5File file = Hdf5File.openReadOnly(corpusFile("dl4j-test-resources/fullconfigs/cnn/cnn_batch_norm.h5"))) {
            Hdf5Group weights = file.root().group("model_weights");
            assertEquals(List.of("conv2d_1", "batch_normalization_1", "activation_1", "conv2d_2", "flatten_1", "dense_1"),
                    weights.stringArrayAttribute("layer_names"));
            assertEquals(List.of("activation_1", "batch_normalization_1", "conv2d_1", "conv2d_2", "dense_1", "flatten_1"),
                    weights.groupNames());
            assertEquals(List.of(), weights.datasetNames());
            assertEquals(List.of("batch_normalization_1/gamma:0", "batch_normalization_1/beta:0",
                    "batch_normalization_1/moving_mean:0", "batch_normalization_1/moving_variance:0"),
                    weights.group("batch_normalization_1").stringArrayAttribute("weight_names"));
            assertEquals("2.1.3", file.root().stringAttribute("keras_version").orElseThrow());
        }
    }

    @Test
    void rejectsIntegerDatasetWhenFloatsAreRead() {
        try (Hdf5File file = Hdf5File.openReadOnly(corpusFile("tfkeras215-devhadvani/cifar10_model2.h5"))) {
            Hdf5Dataset iteration = file.root().dataset("optimizer_weights/iteration:0");
            assertArrayEquals(new long[0], iteration.shape());
            InvalidModelException e = assertThrows(InvalidModelException.class, iteration::readFloats);
            assertTrue(e.getMessage().endsWith(
                    "cifar10_model2.h5: dataset optimizer_weights/iteration:0 has type int64, expected a float type"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsZipArchiveAsNotHdf5() throws IOException {
        Path zip = temp.resolve("model.h5");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Hdf5File.openReadOnly(zip));
        assertEquals(zip + ": not an HDF5 file (it starts with 'PK..')", e.getMessage());
    }

    @Test
    void rejectsTextAndEmptyAndMissingFiles() throws IOException {
        Path json = Files.writeString(temp.resolve("model.json"), "{\"class_name\": \"Sequential\"}");
        assertEquals(json + ": not an HDF5 file (it starts with '{\"cl')",
                assertThrows(InvalidModelException.class, () -> Hdf5File.openReadOnly(json)).getMessage());
        Path empty = Files.createFile(temp.resolve("empty.h5"));
        assertEquals(empty + ": not an HDF5 file (it is empty)",
                assertThrows(InvalidModelException.class, () -> Hdf5File.openReadOnly(empty)).getMessage());
        Path missing = temp.resolve("missing.h5");
        assertEquals(missing + ": no such file",
                assertThrows(InvalidModelException.class, () -> Hdf5File.openReadOnly(missing)).getMessage());
    }

    @Test
    void rejectsTruncatedFileWithoutPrintingToStderr() throws IOException {
        byte[] whole = Files.readAllBytes(corpusFile("tfkeras215-devhadvani/cifar10_model2.h5"));
        Path truncated = Files.write(temp.resolve("model.h5"), Arrays.copyOf(whole, whole.length / 2));

        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        InvalidModelException e;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            e = assertThrows(InvalidModelException.class, () -> Hdf5File.openReadOnly(truncated));
        } finally {
            System.setErr(originalErr);
        }
        assertTrue(e.getMessage().startsWith(truncated + ": the file is truncated or damaged (HDF5 could not open it: "
                + "truncated file: eof = " + whole.length / 2), e.getMessage());
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void opensFileWithUserBlock() throws IOException {
        Path plain = temp.resolve("plain.h5");
        try (Hdf5File file = Hdf5File.create(plain)) {
            file.root().setStringAttribute("keras_version", "2.15.0");
        }
        // HDF5 allows a user block of 512, 1024, 2048... bytes before the superblock, whose addresses
        // are relative to it: the signature search must look there too.
        byte[] body = Files.readAllBytes(plain);
        byte[] prefixed = new byte[512 + body.length];
        System.arraycopy(body, 0, prefixed, 512, body.length);
        Path withUserBlock = Files.write(temp.resolve("user-block.h5"), prefixed);
        try (Hdf5File file = Hdf5File.openReadOnly(withUserBlock)) {
            assertEquals("2.15.0", file.root().stringAttribute("keras_version").orElseThrow());
        }
    }

    @Test
    void leavesNoGroupDatasetOrAttributeOpen() {
        try (Hdf5File file = Hdf5File.openReadOnly(corpusFile("tfkeras215-devhadvani/cifar10_model2.h5"))) {
            Hdf5Group weights = file.root().group("model_weights");
            weights.chunkedStringArrayAttribute("layer_names");
            for (String layer : weights.groupNames()) {
                weights.group(layer).stringArrayAttribute("weight_names");
            }
            Hdf5Dataset kernel = weights.dataset("conv2d_12/conv2d_12/kernel:0");
            kernel.readFloats();
            kernel.shape();
            assertThrows(InvalidModelException.class, () -> file.root().dataset("optimizer_weights/iteration:0").readFloats());
            synchronized (Hdf5Library.LOCK) {
                assertEquals(1, H5Fget_obj_count(file.id(), H5F_OBJ_ALL), "only the file itself is open");
            }
        }
    }

    @Test
    void failsClearlyAfterClose() {
        Hdf5File file = Hdf5File.create(temp.resolve("closed.h5"));
        Hdf5Group root = file.root();
        file.close();
        file.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> root.hasAttribute("x"));
    }

    /** A file of the Keras corpus; fails (does not skip) when the corpus is not where the build says. */
    static Path corpusFile(String relativePath) {
        String directory = System.getProperty("keras2dl4j.corpus");
        if (directory == null || !Files.isDirectory(Path.of(directory))) {
            fail("Keras corpus not found: expected a directory in system property keras2dl4j.corpus (the parent pom "
                    + "sets it to ${maven.multiModuleProjectDirectory}/../shared/keras-corpus, i.e. "
                    + "/work/shared/keras-corpus), got " + directory);
        }
        Path file = Path.of(directory, relativePath);
        if (!Files.isRegularFile(file)) {
            fail("Keras corpus file missing: " + file + " (listed in MANIFEST.tsv of " + directory + ")");
        }
        return file;
    }
}
