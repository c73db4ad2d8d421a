package org.keras2dl4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.InvalidModelException;

class Hdf5GroupTest {

    @TempDir
    Path temp;

    @Test
    void roundTripsNestedGroupsListedByName() {
        Path path = temp.resolve("groups.h5");
        try (Hdf5File file = Hdf5File.create(path)) {
            Hdf5Group weights = file.root().createGroup("model_weights");
            weights.createGroup("dense_1");
            weights.createGroup("conv2d_1/conv2d_1"); // intermediate group created, as h5py does
            assertEquals("/model_weights", weights.path());
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertEquals("/", root.path());
            assertEquals(List.of("model_weights"), root.groupNames());
            assertEquals(List.of("conv2d_1", "dense_1"), root.group("model_weights").groupNames());
            assertTrue(root.hasGroup("model_weights/conv2d_1/conv2d_1"));
            assertEquals("/model_weights/conv2d_1/conv2d_1", root.group("model_weights/conv2d_1/conv2d_1").path());
            assertFalse(root.hasGroup("model_weights/dense_2"));
            assertFalse(root.hasDataset("model_weights/dense_1"));
        }
    }

    @Test
    void namesFileAndPathOfMissingGroupOrDataset() {
        Path path = temp.resolve("model.h5");
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().createGroup("model_weights");
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertEquals(path + ": no group 'model_weights/dense_1'",
                    assertThrows(InvalidModelException.class, () -> root.group("model_weights/dense_1")).getMessage());
            assertEquals(path + ": no dataset 'model_weights/dense_1/kernel:0'",
                    assertThrows(InvalidModelException.class,
                            () -> root.group("model_weights").dataset("dense_1/kernel:0")).getMessage());
            assertEquals(path + ": 'model_weights' is a group, not a dataset",
                    assertThrows(InvalidModelException.class, () -> root.dataset("model_weights")).getMessage());
            assertEquals(path + ": no attribute 'layer_names' of group model_weights",
                    assertThrows(InvalidModelException.class,
                            () -> root.group("model_weights").stringArrayAttribute("layer_names")).getMessage());
        }
    }

    @Test
    void roundTripsStringAttributes() {
        Path path = temp.resolve("strings.h5");
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"caf\u00e9\"}}";
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().setStringAttribute("model_config", config);
            file.root().setStringAttribute("keras_version", "2.1.3");
            file.root().setStringAttribute("keras_version", "2.15.0"); // replaces
            file.root().setStringAttribute("empty", "");
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertEquals(Optional.of(config), root.stringAttribute("model_config"));
            assertEquals(Optional.of("2.15.0"), root.stringAttribute("keras_version"));
            assertEquals(Optional.of(""), root.stringAttribute("empty"));
            assertEquals(Optional.empty(), root.stringAttribute("training_config"));
            assertTrue(root.hasAttribute("model_config"));
            assertFalse(root.hasAttribute("training_config"));
        }
    }

    @Test
    void writesShortStringArrayAsOneAttribute() {
        Path path = temp.resolve("names.h5");
        List<String> names = List.of("conv2d_1", "batch_normalization_1", "dense_1");
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().setStringArrayAttribute("layer_names", names);
            file.root().setStringArrayAttribute("weight_names", List.of());
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertEquals(names, root.stringArrayAttribute("layer_names"));
            assertEquals(names, root.chunkedStringArrayAttribute("layer_names"));
            assertFalse(root.hasAttribute("layer_names0"));
            assertEquals(List.of(), root.stringArrayAttribute("weight_names"));
        }
    }

    @Test
    void splitsStringArrayOver64KiBIntoKerasChunks() {
        Path path = temp.resolve("chunked.h5");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            names.add("block" + i + "_conv/kernel:0"); // 5000 items of up to 22 bytes: 110,000 bytes
        }
        try (Hdf5File file = Hdf5File.create(path)) {
            Hdf5Group root = file.root();
            root.setStringArrayAttribute("weight_names", List.of("stale")); // replaced by the chunks
            root.setStringArrayAttribute("weight_names", names);
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertFalse(root.hasAttribute("weight_names"));
            assertEquals(names.subList(0, 2500), root.stringArrayAttribute("weight_names0"));
            assertEquals(names.subList(2500, 5000), root.stringArrayAttribute("weight_names1"));
            assertFalse(root.hasAttribute("weight_names2"));
            assertEquals(names, root.chunkedStringArrayAttribute("weight_names"));
            assertEquals(List.of(), root.chunkedStringArrayAttribute("layer_names"));
        }
    }

    @Test
    void splitsLikeNumpyArraySplit() {
        assertEquals(List.of(3), boxed(Hdf5Attributes.kerasChunkSizes(3, 10)));
        assertEquals(List.of(0), boxed(Hdf5Attributes.kerasChunkSizes(0, 1)));
        // 7 items of 20,000 bytes: 2 chunks of 4 and 3 are 80,000 bytes at most, 3 chunks (3, 2, 2) 60,000.
        assertEquals(List.of(3, 2, 2), boxed(Hdf5Attributes.kerasChunkSizes(7, 20_000)));
        assertEquals(List.of(1, 1), boxed(Hdf5Attributes.kerasChunkSizes(2, 64_512)));
    }

    @Test
    void readsEveryStringLayoutH5pyWrites() throws URISyntaxException {
        try (Hdf5File file = Hdf5File.openReadOnly(syntheticH5pyFile())) {
            Hdf5Group root = file.root();
            assertEquals(Optional.of("caf\u00e9"), root.stringAttribute("str_scalar"));
            assertEquals(Optional.of("2.1.3"), root.stringAttribute("bytes_scalar"));
            assertEquals(Optional.of("tensorflow"), root.stringAttribute("fixed_scalar"));
            assertEquals(List.of("dense_1", "bn"), root.stringArrayAttribute("fixed_array"));
            assertEquals(List.of("conv2d", "caf\u00e9"), root.stringArrayAttribute("str_array"));
            assertEquals(List.of("a", "b", "c"), root.chunkedStringArrayAttribute("chunked"));
            assertEquals(List.of("alpha", "zeta"), root.groupNames());
            assertEquals(List.of("f16", "f64", "i32"), root.datasetNames());
        }
    }

    @Test
    void rejectsNonStringAndMultiValuedAttributesAsSingleString() throws URISyntaxException {
        Path path = syntheticH5pyFile();
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group root = file.root();
            assertEquals(path + ": attribute 'numbers' of the root group has type int32, expected a string",
                    assertThrows(InvalidModelException.class, () -> root.stringArrayAttribute("numbers")).getMessage());
            assertEquals(path + ": attribute 'fixed_array' of the root group holds 2 strings, expected one",
                    assertThrows(InvalidModelException.class, () -> root.stringAttribute("fixed_array")).getMessage());
        }
    }

    static Path syntheticH5pyFile() throws URISyntaxException {
        return Path.of(Hdf5GroupTest.class.getResource("h5py-synthetic.h5").toURI());
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int value : values) {
            list.add(value);
        }
        return list;
    }
}
