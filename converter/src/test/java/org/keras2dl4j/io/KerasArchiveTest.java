package org.keras2dl4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading Keras v3 archives, and refusing hostile ones before anything is extracted. SYNTHETIC archives. */
class KerasArchiveTest {
    @TempDir
    Path dir;

    @Test
    void convertsSyntheticSequentialWithRescalingToKerasArithmetic() throws IOException {
        Path archive = SyntheticKerasArchives.zip(dir.resolve("synthetic-rescaling.keras"),
                SyntheticKerasArchives.entries(dir, 2.0, -1.0), false);
        INDArray x = Nd4j.createFromArray(new float[][] {{0f, 0.5f, 1f, 0.25f}, {3f, -2f, 0.125f, 7f}});

        ConvertedModel model = KerasModels.load(archive);
        INDArray actual = model.output(x);

        // Keras: Dense(x * scale + offset) = (x * 2 - 1) . kernel + bias, in float32.
        INDArray kernel = Nd4j.createFromArray(SyntheticKerasArchives.KERNEL).reshape(4, 3);
        INDArray expected = x.mul(2f).sub(1f).mmul(kernel).addRowVector(Nd4j.createFromArray(SyntheticKerasArchives.BIAS));
        assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 1e-6, actual + " vs " + expected);
        assertTrue(model.isGraph(), "Rescaling needs DL4J's Scale/ShiftVertex, which exist in graphs only");

        // Saved and read back through DL4J's own format, it computes the same.
        Path zip = dir.resolve("synthetic-rescaling.zip");
        model.save(zip);
        assertEquals(0.0, KerasModels.load(zip).output(x).sub(actual).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void summaryOfSyntheticSequentialWithRescalingHasKerasRows() throws IOException {
        Path archive = SyntheticKerasArchives.zip(dir.resolve("synthetic-rescaling.keras"),
                SyntheticKerasArchives.entries(dir, 1 / 255.0, 0), false);
        NetworkSummary summary = KerasModels.summary(archive, null);
        List<String> rows = summary.layers().stream().map(LayerSummary::name).toList();
        assertEquals(List.of("rescaling", "dense"), rows, "Keras's Sequential summary has no input row");
        assertEquals(15, summary.totalParams());
    }

    @Test
    void readsSyntheticUnzippedArchiveDirectory() throws IOException {
        Path unzipped = Files.createDirectory(dir.resolve("synthetic-unzipped"));
        for (Map.Entry<String, byte[]> entry : SyntheticKerasArchives.entries(dir, 1, 0).entrySet()) {
            Files.write(unzipped.resolve(entry.getKey()), entry.getValue());
        }
        assertEquals(ModelFormat.KERAS_DIRECTORY, ModelFormat.of(unzipped));
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 4);
        INDArray out = KerasModels.load(unzipped).output(x);
        // ones . kernel + bias: column sums of the kernel plus the bias.
        assertEquals(2f - 0.75f + 1f + 0.0625f + 0.3f, out.getFloat(0, 2), 1e-6);
        assertTrue(Files.exists(unzipped.resolve("model.weights.h5")), "the directory's own weights stay");
    }

    @Test
    void refusesSyntheticArchiveWhoseEntryEscapesUpwards() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        entries.put("../synthetic-escaped.txt", "x".getBytes(StandardCharsets.UTF_8));
        Path archive = SyntheticKerasArchives.zip(dir.resolve("synthetic-escape.keras"), entries, true);

        InvalidModelException e = assertRefusedWithoutExtracting(archive);
        assertTrue(e.getMessage().contains("'../synthetic-escaped.txt' names a path outside the archive"), e.getMessage());
        assertFalse(Files.exists(dir.getParent().resolve("synthetic-escaped.txt")));
    }

    @Test
    void refusesSyntheticArchiveWithAbsoluteEntryName() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        entries.put("/tmp/synthetic-absolute.txt", new byte[] {1});
        InvalidModelException e = assertRefusedWithoutExtracting(
                SyntheticKerasArchives.zip(dir.resolve("synthetic-absolute.keras"), entries, true));
        assertTrue(e.getMessage().contains("outside the archive"), e.getMessage());
    }

    @Test
    void refusesSyntheticDecompressionBomb() throws IOException {
        Path archive = dir.resolve("synthetic-bomb.keras");
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            for (String name : List.of("metadata.json", "config.json")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(entries.get(name));
                zip.closeEntry();
            }
            // 64 MiB of zeros deflate to about 64 KiB: a 1000:1 expansion.
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(archive) < 1 << 20, "the synthetic bomb is small on disk");

        InvalidModelException e = assertRefusedWithoutExtracting(archive);
        assertTrue(e.getMessage().contains("decompression bomb"), e.getMessage());
    }

    @Test
    void refusesSyntheticArchiveWithTooManyEntries() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        for (int i = 0; i < ArchiveLimits.DEFAULT.maxEntries(); i++) {
            entries.put("assets/synthetic-" + i, new byte[0]);
        }
        InvalidModelException e = assertRefusedWithoutExtracting(
                SyntheticKerasArchives.zip(dir.resolve("synthetic-many.keras"), entries, false));
        assertTrue(e.getMessage().contains("1003 entries"), e.getMessage());
    }

    @Test
    void refusesSyntheticArchiveDeclaringMoreThanTheSizeLimit() throws IOException {
        Path archive = SyntheticKerasArchives.zip(dir.resolve("synthetic-large.keras"),
                SyntheticKerasArchives.entries(dir, 1, 0), false);
        ArchiveLimits tight = new ArchiveLimits(10, 4096, 1 << 20, 100, 1 << 20, 1 << 20);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasArchive.open(archive, tight));
        assertTrue(e.getMessage().contains("'model.weights.h5' declares") && e.getMessage().contains("limit of 4096"),
                e.getMessage());
    }

    @Test
    void refusesSyntheticNpzWeightsNamingTheVariant() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        entries.put("model.weights.npz", entries.remove("model.weights.h5"));
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> KerasModels.load(
                SyntheticKerasArchives.zip(dir.resolve("synthetic-npz.keras"), entries, false)));
        assertTrue(e.getMessage().startsWith("synthetic-npz.keras: holds its weights as model.weights.npz"),
                e.getMessage());
    }

    @Test
    void refusesSyntheticWeightsOfAnotherLayerByTheirNameAttribute() throws IOException {
        Map<String, byte[]> entries = SyntheticKerasArchives.entries(dir, 1, 0);
        entries.put("config.json", new String(entries.get("config.json"), StandardCharsets.UTF_8)
                .replace("\"name\": \"dense\"", "\"name\": \"dense_7\"").getBytes(StandardCharsets.UTF_8));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasModels.load(
                SyntheticKerasArchives.zip(dir.resolve("synthetic-renamed.keras"), entries, false)));
        assertEquals("synthetic-renamed.keras: group 'layers/dense' holds the variables of layer 'dense', expected "
                + "layer 'dense_7' (Dense) there; the weights do not belong to this model config", e.getMessage());
    }

    @Test
    void escapingNamesAreRecognised() {
        assertTrue(KerasArchive.escapes("../x"));
        assertTrue(KerasArchive.escapes("a/../../x"));
        assertTrue(KerasArchive.escapes("..\\x"));
        assertTrue(KerasArchive.escapes("/etc/passwd"));
        assertTrue(KerasArchive.escapes("C:\\x"));
        assertFalse(KerasArchive.escapes("model.weights.h5"));
        assertFalse(KerasArchive.escapes("assets/a..b"));
    }

    /** Loading fails with InvalidModelException and leaves no temporary weights file behind. */
    private static InvalidModelException assertRefusedWithoutExtracting(Path archive) throws IOException {
        List<Path> before = temporaryWeights();
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasModels.load(archive));
        assertTrue(e.getMessage().startsWith(archive.getFileName() + ": "), e.getMessage());
        assertEquals(before, temporaryWeights(), "a temporary weights file was left behind");
        return e;
    }

    private static List<Path> temporaryWeights() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("keras2dl4j-")
                    && p.getFileName().toString().endsWith(".weights.h5")).sorted().toList();
        }
    }
}
