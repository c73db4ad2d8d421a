package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code verify} and {@code predict} on the small AlexNet-shaped models real Keras 2 (tf_keras 2.19)
 * saved, against the predictions Keras computed on the committed input.
 */
class VerifyCommandTest {
    private static final String INPUT = Fixtures.resource("keras2/small_alexnet.input.npy").toString();
    private static final String PREDICTIONS = Fixtures.resource("keras2/small_alexnet.predictions.npy").toString();

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return Fixtures.resource("keras2/" + name).toString();
    }

    @Test
    void functionalH5MatchesKerasPredictions() {
        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT, "--expected", PREDICTIONS);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("max absolute difference"), run.out());
        assertTrue(run.out().contains("OK: every output is within atol 1.0e-04"), run.out());
    }

    @Test
    void sequentialH5MatchesKerasPredictions() {
        CliRun run = CliRun.of("verify", fixture("small_alexnet_sequential.h5"), "--input", INPUT, "--expected",
                fixture("small_alexnet_sequential.predictions.npy"));
        assertEquals(0, run.exitCode(), run.err() + run.out());
    }

    @Test
    void jsonWithWeightsMatchesKerasPredictions() {
        CliRun run = CliRun.of("verify", fixture("small_alexnet.json"), "-w", fixture("small_alexnet_weights.h5"),
                "--input", INPUT, "--expected", PREDICTIONS);
        assertEquals(0, run.exitCode(), run.err() + run.out());
    }

    @Test
    void oneExpectedValueOffByFiveHundredthsExitsOneNamingItsPosition() {
        INDArray expected = Npy.read(Path.of(PREDICTIONS));
        expected.putScalar(new long[] {2, 7}, expected.getFloat(2, 7) + 0.05f);
        Path changed = dir.resolve("synthetic-one-value-off.npy");
        Npy.write(changed, expected);

        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT, "--expected", changed.toString());

        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("MISMATCH: output 0 differs from Keras's by 5.000e-02 at (2, 7)"), run.out());
    }

    @Test
    void atolDecidesWhatCountsAsADifference() {
        CliRun strict = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT, "--expected", PREDICTIONS,
                "--atol", "0");
        assertEquals(1, strict.exitCode(), strict.out());
        CliRun bad = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT, "--expected", PREDICTIONS,
                "--atol", "-1");
        assertEquals(2, bad.exitCode());
    }

    @Test
    void float64InputGivesTheSameResult() throws IOException {
        Path float64 = dir.resolve("synthetic-input-float64.npy");
        writeFloat64(float64, Npy.read(Path.of(INPUT)));
        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", float64.toString(), "--expected",
                PREDICTIONS);
        assertEquals(0, run.exitCode(), run.err() + run.out());
    }

    @Test
    void wrongInputShapeExitsThreeWithExpectedAndActualShapes() {
        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", PREDICTIONS, "--expected",
                PREDICTIONS);
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("small_alexnet.predictions.npy: has shape (4, 10), but the model's input "
                + "'input_1' takes (None, 32, 32, 3)"), run.err());
    }

    @Test
    void expectedOfAnotherShapeExitsThree() throws IOException {
        Path other = dir.resolve("synthetic-other-shape.npy");
        Npy.write(other, org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 4, 11));
        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT, "--expected", other.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("has shape (4, 11), but the model's output 0 for this input has shape (4, 10)"),
                run.err());
    }

    @Test
    void missingExpectedIsAUsageError() {
        CliRun run = CliRun.of("verify", fixture("small_alexnet.h5"), "--input", INPUT);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("missing --expected"), run.err());
    }

    @Test
    void predictWritesFloat32NpyThatMatchesKeras() throws IOException {
        Path out = dir.resolve("predictions.npy");
        CliRun run = CliRun.of("predict", fixture("small_alexnet.h5"), "--input", INPUT, "--output", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        byte[] bytes = Files.readAllBytes(out);
        String header = new String(bytes, 10, 70, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 10), }"), header);
        INDArray predictions = Npy.read(out);
        assertArrayEquals(new long[] {4, 10}, predictions.shape());
        assertTrue(Transforms.maxAbsDifference(Npy.read(Path.of(PREDICTIONS)), predictions) < 1e-4);
    }

    @Test
    void predictWithABadInputWritesNothing() throws IOException {
        Path out = dir.resolve("predictions.npy");
        CliRun run = CliRun.of("predict", fixture("small_alexnet.h5"), "--input", PREDICTIONS, "--output",
                out.toString());
        assertEquals(3, run.exitCode());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void verifyReadsAConvertedZipAndRunsItsSelfCheck() {
        Path zip = dir.resolve("small.zip");
        CliRun convert = CliRun.of("convert", fixture("small_alexnet.h5"), "-o", zip.toString(), "--input", INPUT,
                "--expected", PREDICTIONS);
        assertEquals(0, convert.exitCode(), convert.err());
        assertTrue(convert.out().contains("self-check: Keras's predictions"), convert.out());
        CliRun run = CliRun.of("verify", zip.toString(), "--input", INPUT, "--expected", PREDICTIONS);
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void convertRefusesToWriteWhenKerasPredictionsDiffer() throws IOException {
        INDArray expected = Npy.read(Path.of(PREDICTIONS)).addi(0.05);
        Path changed = dir.resolve("synthetic-all-off.npy");
        Npy.write(changed, expected);
        Path zip = dir.resolve("small.zip");
        CliRun run = CliRun.of("convert", fixture("small_alexnet.h5"), "-o", zip.toString(), "--input", INPUT,
                "--expected", changed.toString());
        assertEquals(1, run.exitCode());
        assertFalse(Files.exists(zip));
    }

    private static void writeFloat64(Path file, INDArray array) throws IOException {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + Npy.shapeText(array.shape()) + ", }";
        header = header + " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(10 + header.length() + (int) array.length() * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        buffer.put(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (double v : array.castTo(DataType.DOUBLE).data().asDouble()) {
            buffer.putDouble(v);
        }
        Files.write(file, buffer.array());
    }
}
