package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.InvalidModelException;

/**
 * The Java reader of string attributes ({@link RawHdf5}) on what h5py and HDF5 write in their other
 * layouts than the fixtures': version 2 object headers ({@code libver='latest'}), with and without
 * attribute creation order (a longer message header), scalar and array variable-length strings,
 * fixed-length arrays; and dense attribute storage, refused by name. The synthetic files are
 * written here with HDF5's C API.
 */
class RawHdf5Test {
    @TempDir
    Path dir;

    /** Writes a file with the given format bounds; the group tracks attribute creation order when asked. */
    private Path write(String name, boolean latest, boolean creationOrder, boolean dense) {
        Path file = dir.resolve(name);
        synchronized (Hdf5Library.LOCK) {
            long fapl = H5Pcreate(Hdf5Library.FILE_ACCESS_CLASS);
            if (latest) {
                H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
            }
            long fileId = H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
            H5Pclose(fapl);
            long gcpl = H5Pcreate(H5P_CLS_GROUP_CREATE_ID_g());
            if (creationOrder) {
                H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED);
            }
            if (dense) {
                H5Pset_attr_phase_change(gcpl, 0, 0);
            }
            long group = H5Gcreate2(fileId, "model_weights", H5P_DEFAULT, gcpl, H5P_DEFAULT);
            H5Pclose(gcpl);
            variableLength(fileId, "model_config", List.of("{\"class_name\": \"Sequential\"}"), true);
            variableLength(group, "weight_names", List.of("dense/kernel:0", "dense/bias:0", ""), false);
            fixedLength(group, "layer_names", List.of("dense", "dropout_1"), 9);
            H5Gclose(group);
            H5Fclose(fileId);
        }
        return file;
    }

    private static void variableLength(long object, String name, List<String> values, boolean scalar) {
        long type = H5Tcopy(Hdf5Library.C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
        long space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, new long[] {values.size()}, (long[]) null);
        BytePointer[] strings = values.stream().map(v -> new BytePointer(v, StandardCharsets.UTF_8))
                .toArray(BytePointer[]::new);
        long attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
        try (PointerPointer<BytePointer> pointers = new PointerPointer<>(strings)) {
            assertTrue(H5Awrite(attribute, type, pointers) >= 0);
        }
        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void fixedLength(long object, String name, List<String> values, int size) {
        long type = H5Tcopy(Hdf5Library.C_S1);
        H5Tset_size(type, size);
        long space = H5Screate_simple(1, new long[] {values.size()}, (long[]) null);
        byte[] packed = new byte[size * values.size()];
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(v, 0, packed, i * size, v.length);
        }
        long attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
        try (BytePointer buffer = new BytePointer(packed)) {
            assertTrue(H5Awrite(attribute, type, buffer) >= 0);
        }
        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void assertReadsBack(Path file) {
        try (Hdf5File h5 = Hdf5File.openReadOnly(file)) {
            assertEquals("{\"class_name\": \"Sequential\"}", h5.root().stringAttribute("model_config").orElseThrow());
            Hdf5Group group = h5.root().group("model_weights");
            assertEquals(List.of("dense/kernel:0", "dense/bias:0", ""), group.stringArrayAttribute("weight_names"));
            assertEquals(List.of("dense", "dropout_1"), group.chunkedStringArrayAttribute("layer_names"));
            assertFalse(group.hasAttribute("no_such_attribute"));
            assertFalse(h5.root().stringAttribute("no_such_attribute").isPresent());
        }
    }

    @Test
    void versionOneObjectHeaders() {
        assertReadsBack(write("synthetic-earliest.h5", false, false, false));
    }

    @Test
    void versionTwoObjectHeaders() {
        assertReadsBack(write("synthetic-latest.h5", true, false, false));
    }

    @Test
    void versionTwoObjectHeadersWithAttributeCreationOrder() {
        assertReadsBack(write("synthetic-latest-creation-order.h5", true, true, false));
    }

    @Test
    void denseAttributeStorageIsRefusedByName() {
        Path file = write("synthetic-dense.h5", true, false, true);
        try (Hdf5File h5 = Hdf5File.openReadOnly(file)) {
            assertEquals("{\"class_name\": \"Sequential\"}", h5.root().stringAttribute("model_config").orElseThrow());
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> h5.root().group("model_weights").stringArrayAttribute("weight_names"));
            assertTrue(e.getMessage().contains("keeps its attributes in dense storage"), e.getMessage());
        }
    }
}
