package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.io.KerasFiles;

/**
 * Damaged HDF5 files that hung or crashed native HDF5 1.12.1 (found by {@link FuzzTest}), each made
 * from a real Keras file of the fixtures by changing the bytes that matter, and the files that
 * declare more weights than they hold. Every one must be refused at once with one line naming the
 * file. The attributes of a read-only file are read in Java (RawHdf5), so native HDF5 never walks a
 * damaged global heap; were that undone, the first three tests would hang or crash, which is why
 * they run under a timeout (and FuzzTest keeps the fuzzer's own finds, in child JVMs).
 */
class HostileHdf5Test {
    /** tf_keras 2.19's model.save: model_config, keras_version and backend are variable-length strings in the global heap collection at 2048. */
    private static final String MODEL = "keras2/small_alexnet.h5";
    private static final int COLLECTION = 2048;

    @TempDir
    Path dir;

    private byte[] real(String fixture) throws IOException {
        return Files.readAllBytes(Fixtures.resource(fixture));
    }

    private static String refusal(Path file) {
        InvalidModelException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(InvalidModelException.class, () -> KerasFiles.inspect(file, null)));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(file.getFileName().toString()), message);
        return message;
    }

    @Test
    void globalHeapObjectOfSizeZeroWouldHangHdf5() throws IOException {
        // HDF5's H5HG__cache_heap_deserialize steps by the object's size: 0 never advances (a hang in H5Aread).
        byte[] bytes = real(MODEL);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("GCOL", new String(bytes, COLLECTION, 4, StandardCharsets.US_ASCII));
        b.putShort(COLLECTION + 16, (short) 0); // the first object's index: 0, the free space...
        b.putLong(COLLECTION + 24, 0); // ...of size 0
        Path file = dir.resolve("synthetic-heap-loop.h5");
        Files.write(file, bytes);
        assertTrue(refusal(file).contains("HDF5 would loop forever"));
    }

    @Test
    void missingGlobalHeapObjectWouldCrashHdf5() throws IOException {
        // H5HG_read indexes its object table without a check (an assertion only): a null pointer read.
        byte[] bytes = real(MODEL);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, b.getShort(COLLECTION + 72)); // the model config's object
        b.putShort(COLLECTION + 72, (short) 9);
        Path file = dir.resolve("synthetic-heap-missing-object.h5");
        Files.write(file, bytes);
        assertTrue(refusal(file).contains("which does not hold it"));
    }

    @Test
    void globalHeapObjectLongerThanItsStringWouldOverflowHdf5sBuffer() throws IOException {
        // H5VL__native_blob_get copies the heap object into a buffer of the attribute's declared length
        // and compares the two sizes only afterwards: a heap overflow that crashes the JVM later.
        byte[] bytes = real(MODEL);
        int configLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(COLLECTION + 80);
        byte[] descriptor = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(configLength)
                .putLong(COLLECTION).putInt(3).array();
        int at = indexOf(bytes, descriptor);
        assertTrue(at > 0, "the model_config attribute's descriptor");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 100);
        Path file = dir.resolve("synthetic-heap-overflow.h5");
        Files.write(file, bytes);
        assertTrue(refusal(file).contains("declares a string of 100 bytes, but its global heap object holds "
                + configLength), "message");
    }

    @Test
    void variableLengthStringPointingIntoTheWeightsIsRefused() throws IOException {
        // What most native crashes came down to: a string's (length, heap address, index) triple
        // pointing anywhere. Here layer_names' first string (8 bytes, object 1 of the collection at
        // 13904) points into the weight values instead.
        byte[] bytes = real(MODEL);
        int at = indexOf(bytes, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(8).putLong(13_904).putInt(1)
                .array());
        assertTrue(at > 0, "layer_names' first string");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 4, 40_000);
        Path file = dir.resolve("synthetic-string-into-weights.h5");
        Files.write(file, bytes);
        assertTrue(refusal(file).contains("the global heap collection at 40000 has no GCOL signature"));
    }

    @Test
    void contiguousDataPastTheEndOfTheFileIsRefusedBeforeReading() throws IOException {
        byte[] bytes = real("keras2/small_alexnet_weights.h5");
        long dataAt = 97_408 + 32; // after the dense kernel's dataspace (64, 32): its layout message follows
        int layout = -1;
        for (int i = (int) dataAt; i < bytes.length - 18; i++) {
            if (bytes[i] == 3 && bytes[i + 1] == 1 && ByteBuffer.wrap(bytes, i + 10, 8).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong() == 64 * 32 * 4) {
                layout = i; // version 3, class 1 (contiguous): address, then size
                break;
            }
        }
        assertTrue(layout > 0, "the dense kernel's layout message");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(layout + 2, 1L << 40);
        Path file = dir.resolve("synthetic-data-past-end_weights.h5");
        Files.write(file, bytes);
        Path json = Files.copy(Fixtures.resource("keras2/small_alexnet.json"), dir.resolve("small_alexnet.json"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.inspect(json, file));
        assertTrue(e.getMessage().contains("past the end of the file"), e.getMessage());
    }

    /**
     * The memory case: a small JSON and weights pair declaring Dense(50,000,000). The
     * weights file's dataspaces say (32, 50000000) and (50000000,) but it stores the original
     * values: refused when the weights are indexed, before anything is allocated, naming the layer
     * and both sizes (convert used to grow to 12.85 GB first).
     */
    @Test
    void weightsDeclaringMoreThanTheFileHoldsAreRefusedBeforeAllocating() throws IOException {
        String json = Files.readString(Fixtures.resource("keras2/small_alexnet.json"))
                .replace("\"units\": 10,", "\"units\": 50000000,");
        assertTrue(json.contains("50000000"));
        Path model = dir.resolve("synthetic-dense-50m.json");
        Files.writeString(model, json);
        byte[] bytes = real("keras2/small_alexnet_weights.h5");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int kernel = indexOf(bytes, ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(32).putLong(10).putLong(32).putLong(10).array()); // dims, then max dims
        assertTrue(kernel > 0);
        b.putLong(kernel + 8, 50_000_000).putLong(kernel + 24, 50_000_000);
        Path weights = dir.resolve("synthetic-dense-50m_weights.h5");
        Files.write(weights, bytes);

        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasModels.load(model, weights));
        String message = e.getMessage();
        assertTrue(message.startsWith(weights + ": "), message);
        assertTrue(message.contains("dense_2/dense_2/kernel:0 declares 1600000000 values (6400000000 bytes) but the "
                + "file stores 1280 bytes of them"), message);
        CliRun run = CliRun.of("convert", model.toString(), "-w", weights.toString(), "-o", dir.resolve("x.zip").toString());
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(dir.resolve("x.zip")));
    }

    @Test
    void messagesNameTheArchiveNotItsTemporaryCopy() throws IOException {
        // A .keras archive's weights are read from a temporary copy; messages name the archive's entry.
        java.util.Map<String, byte[]> entries = Mutations.readZip(real("keras3/small_alexnet.keras"));
        byte[] weights = entries.get("model.weights.h5");
        int gcol = indexOf(weights, "GCOL".getBytes(StandardCharsets.US_ASCII));
        assertTrue(gcol > 0);
        ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).putShort(gcol + 16, (short) 0).putLong(gcol + 24, 0);
        Path file = dir.resolve("synthetic-heap-loop.keras");
        Files.write(file, Mutations.storedZip(entries));
        String message = refusal(file);
        assertTrue(message.contains("synthetic-heap-loop.keras!model.weights.h5: "), message);
    }

    @Test
    void theJavaReaderReadsWhatHdf5Wrote() throws IOException {
        // The strings of every kind of fixture, read in Java, are the ones the converter has always read.
        Path file = Fixtures.resource(MODEL);
        try (Hdf5File h5 = Hdf5File.openReadOnly(file)) {
            assertEquals("2.19.0", h5.root().stringAttribute("keras_version").orElseThrow().substring(0, 6));
            assertEquals("tensorflow", h5.root().stringAttribute("backend").orElseThrow());
            assertTrue(h5.root().stringAttribute("model_config").orElseThrow().startsWith("{\"class_name\": \"Functional\""));
            assertEquals(17, h5.root().group("model_weights").chunkedStringArrayAttribute("layer_names").size());
        }
    }

    static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
