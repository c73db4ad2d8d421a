package org.keras2dl4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Corpus;
import org.keras2dl4j.Keras2Dl4jException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code .npy} reading and writing, on numpy-written files and on synthetic headers. */
class NpyTest {
    @TempDir
    Path dir;

    /** An .npy file with the given header dict and raw data, as numpy lays it out. */
    private Path npy(String name, String dict, ByteBuffer data) throws java.io.IOException {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data.array());
        return Files.write(dir.resolve(name), out.array());
    }

    private static ByteBuffer values(ByteOrder order, boolean asDouble, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (asDouble ? 8 : 4)).order(order);
        for (double v : values) {
            if (asDouble) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b;
    }

    @Test
    void readsNumpyFloat64AsFloat32() {
        INDArray input = Npy.read(Corpus.file("dl4j-test-resources/fullconfigs/cnn/input.npy"));
        assertEquals(DataType.FLOAT, input.dataType());
        assertArrayEquals(new long[] {5, 10, 10, 3}, input.shape());
    }

    @Test
    void readsFortranOrderInTheRightOrder() throws Exception {
        // A (2, 3) array [[0, 1, 2], [3, 4, 5]] stored column by column.
        Path file = npy("synthetic-fortran.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                values(ByteOrder.LITTLE_ENDIAN, true, 0, 3, 1, 4, 2, 5));
        INDArray array = Npy.read(file);
        assertEquals(1.0, array.getDouble(0, 1));
        assertEquals(3.0, array.getDouble(1, 0));
        assertEquals('c', array.ordering());
    }

    @Test
    void readsBigEndianFloats() throws Exception {
        Path file = npy("synthetic-big-endian.npy", "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }",
                values(ByteOrder.BIG_ENDIAN, false, 1.5, -2, 3));
        assertEquals(-2.0, Npy.read(file).getDouble(1));
    }

    @Test
    void writesWhatItReads() {
        INDArray array = org.nd4j.linalg.factory.Nd4j.arange(24).castTo(DataType.FLOAT).divi(7).reshape('c', 2, 3, 4);
        Path file = dir.resolve("a.npy");
        Npy.write(file, array);
        assertEquals(array, Npy.read(file));
    }

    @Test
    void rejectsTruncatedDataNamingSizes() throws Exception {
        Path file = npy("synthetic-truncated.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                values(ByteOrder.LITTLE_ENDIAN, false, 1, 2, 3));
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class, () -> Npy.read(file));
        assertEquals("synthetic-truncated.npy: has 12 bytes of data, expected 24 for shape (2, 3) of <f4",
                e.getMessage());
    }

    @Test
    void rejectsComplexDtype() throws Exception {
        Path file = npy("synthetic-complex.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                values(ByteOrder.LITTLE_ENDIAN, true, 1));
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("has dtype '<c8'"), e.getMessage());
    }

    @Test
    void rejectsAFileThatIsNotNpy() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.npy"), "hello");
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith("notes.npy: is not a NumPy .npy file"), e.getMessage());
    }
}
