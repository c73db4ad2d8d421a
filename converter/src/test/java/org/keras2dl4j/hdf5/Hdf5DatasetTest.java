package org.keras2dl4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.InvalidModelException;

class Hdf5DatasetTest {

    @TempDir
    Path temp;

    @Test
    void roundTripsFloatDatasetsOfRankOneToFour() {
        Path path = temp.resolve("weights.h5");
        List<long[]> shapes = List.of(new long[] {5}, new long[] {3, 4}, new long[] {2, 3, 4}, new long[] {3, 3, 2, 4});
        try (Hdf5File file = Hdf5File.create(path)) {
            Hdf5Group layer = file.root().createGroup("model_weights/dense_1");
            for (int rank = 1; rank <= 4; rank++) {
                Hdf5Dataset created = layer.createFloatDataset("dense_1/w" + rank + ":0", shapes.get(rank - 1),
                        FloatBuffer.wrap(ramp(count(shapes.get(rank - 1)), rank)));
                assertEquals("/model_weights/dense_1/dense_1/w" + rank + ":0", created.path());
            }
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            Hdf5Group layer = file.root().group("model_weights/dense_1/dense_1");
            assertEquals(List.of("w1:0", "w2:0", "w3:0", "w4:0"), layer.datasetNames());
            for (int rank = 1; rank <= 4; rank++) {
                Hdf5Dataset dataset = layer.dataset("w" + rank + ":0");
                assertArrayEquals(shapes.get(rank - 1), dataset.shape());
                assertEquals("float32", dataset.dtype());
                assertEquals(count(shapes.get(rank - 1)), dataset.elementCount());
                assertArrayEquals(ramp(count(shapes.get(rank - 1)), rank), dataset.readFloats());
            }
        }
    }

    @Test
    void readsFloatsStraightIntoDirectBufferAtItsPosition() {
        Path path = temp.resolve("direct.h5");
        float[] values = ramp(24, 7);
        FloatBuffer source = ByteBuffer.allocateDirect(4 * 26).order(ByteOrder.nativeOrder()).asFloatBuffer();
        source.put(new float[] {-1, -1}).put(values).position(2);
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().createFloatDataset("kernel:0", new long[] {2, 3, 4}, source);
        }
        assertEquals(2, source.position()); // the writer leaves the caller's buffer alone

        FloatBuffer target = ByteBuffer.allocateDirect(4 * 30).order(ByteOrder.nativeOrder()).asFloatBuffer();
        target.position(3);
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            file.root().dataset("kernel:0").readFloats(target);
        }
        assertEquals(27, target.position());
        float[] read = new float[24];
        target.position(3);
        target.get(read);
        assertArrayEquals(values, read);
        assertEquals(0f, target.get(0));
    }

    @Test
    void writesBigEndianDirectBufferByValue() {
        Path path = temp.resolve("big-endian.h5");
        FloatBuffer bigEndian = ByteBuffer.allocateDirect(4 * 3).asFloatBuffer().put(new float[] {1.5f, -2f, 3.25f});
        bigEndian.flip();
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().createFloatDataset("bias:0", new long[] {3}, bigEndian);
        }
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, file.root().dataset("bias:0").readFloats());
        }
    }

    @Test
    void rejectsTargetTooSmallForDataset() {
        Path path = temp.resolve("small.h5");
        try (Hdf5File file = Hdf5File.create(path)) {
            file.root().createFloatDataset("bias:0", new long[] {4}, FloatBuffer.wrap(new float[4]));
        }
        FloatBuffer target = ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> file.root().dataset("bias:0").readFloats(target));
            assertEquals(path + ": dataset bias:0 holds 4 values, the target has room for 3", e.getMessage());
        }
    }

    @Test
    void convertsFloat64AndFloat16ToFloat32() throws URISyntaxException {
        try (Hdf5File file = Hdf5File.openReadOnly(Hdf5GroupTest.syntheticH5pyFile())) {
            Hdf5Dataset f64 = file.root().dataset("f64");
            assertEquals("float64", f64.dtype());
            assertArrayEquals(new long[] {2, 3}, f64.shape());
            assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, f64.readFloats());
            assertEquals("float16", file.root().dataset("f16").dtype());
            assertArrayEquals(new float[] {0.5f, -2f}, file.root().dataset("f16").readFloats());
        }
    }

    @Test
    void rejectsIntegerDatasetNamingFileAndPath() throws URISyntaxException {
        Path path = Hdf5GroupTest.syntheticH5pyFile();
        try (Hdf5File file = Hdf5File.openReadOnly(path)) {
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> file.root().dataset("i32").readFloats());
            assertEquals(path + ": dataset i32 has type int32, expected a float type", e.getMessage());
        }
    }

    private static long count(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    private static float[] ramp(long count, int seed) {
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = seed * 1000 + i * 0.5f - 3;
        }
        return values;
    }
}
