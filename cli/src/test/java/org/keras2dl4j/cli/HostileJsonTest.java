package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.io.KerasFiles;

/**
 * Model configs beyond Jackson's bounds (nesting over 1,000 levels, numbers over 1,000 digits,
 * strings over 20,000,000 characters), which Jackson reports with a {@code StreamConstraintsException}
 * whose location is null (the NullPointerException and exit 70 of the issue), in every file that
 * holds one: a model JSON, a full-model .h5's model_config, a .keras archive's config.json and
 * metadata.json. Each is made from the real small AlexNet config of the fixtures and must be
 * refused with exit 3 and one line naming the file.
 */
class HostileJsonTest {
    @TempDir
    Path dir;

    /** The fixture's config with the value of its "name" field replaced: deep, long or huge. */
    private static String hostile(String kind) throws IOException {
        String json = Files.readString(Fixtures.resource("keras2/small_alexnet.json"));
        String value = switch (kind) {
            case "nesting" -> "[".repeat(1_500) + "]".repeat(1_500);
            case "number" -> "9".repeat(1_500);
            case "string" -> "\"" + "x".repeat(20_000_001) + "\"";
            default -> throw new IllegalArgumentException(kind);
        };
        String replaced = json.replaceFirst("\"name\": \"small_alexnet\"", "\"name\": " + value.replace("$", "\\$"));
        assertFalse(replaced.equals(json));
        return replaced;
    }

    private static void assertRefused(Path file, String... args) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.inspect(file, null));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
        CliRun run = CliRun.of("summary", file.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(file.getFileName().toString()), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nesting", "number", "string"})
    void modelJson(String kind) throws IOException {
        Path file = dir.resolve("synthetic-" + kind + ".json");
        Files.writeString(file, hostile(kind));
        assertRefused(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nesting", "number", "string"})
    void fullModelH5(String kind) throws IOException {
        Path file = dir.resolve("synthetic-" + kind + ".h5");
        try (Hdf5File h5 = Hdf5File.create(file)) {
            h5.root().setStringAttribute("model_config", hostile(kind));
            h5.root().setStringAttribute("keras_version", "2.19.0");
            h5.root().setStringAttribute("backend", "tensorflow");
        }
        assertRefused(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nesting", "number", "string"})
    void kerasArchiveConfig(String kind) throws IOException {
        Map<String, byte[]> entries = Mutations.readZip(Files.readAllBytes(Fixtures.resource("keras3/small_alexnet.keras")));
        String config = new String(entries.get("config.json"), StandardCharsets.UTF_8);
        String value = switch (kind) {
            case "nesting" -> "[".repeat(1_500) + "]".repeat(1_500);
            case "number" -> "9".repeat(1_500);
            default -> "\"" + "x".repeat(20_000_001) + "\"";
        };
        entries.put("config.json", config.replaceFirst("\"name\": \"[^\"]*\"", "\"name\": " + value)
                .getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("synthetic-" + kind + ".keras");
        Files.write(file, Mutations.storedZip(entries));
        assertRefused(file);
    }

    @Test
    void kerasArchiveMetadata() throws IOException {
        Map<String, byte[]> entries = Mutations.readZip(Files.readAllBytes(Fixtures.resource("keras3/small_alexnet.keras")));
        entries.put("metadata.json", ("{\"keras_version\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("synthetic-metadata-nesting.keras");
        Files.write(file, Mutations.storedZip(entries));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.inspect(file, null));
        assertTrue(e.getMessage().startsWith("synthetic-metadata-nesting.keras: its metadata.json is not valid JSON "
                + "(beyond the bounds of a model file: Document nesting depth (1001) exceeds the maximum allowed (1000)"),
                e.getMessage());
    }

    /**
     * Sizes whose parameter counts overflow a long (totals used to wrap to negative numbers with
     * exit 0) or that DL4J cannot hold (an int overflow, exit 70): refused by summary with the layer.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "4611686018427387904;layer 'dense_2' (Dense) declares more parameters than a long can count",
        "288230376151711744;layer 'dense_2' (Dense) declares more parameters than a long can count",
        "50000000000000;layer 'dense_2' (Dense): weight 'kernel' of shape (32, 50000000000000) has a dimension outside "
                + "0..2147483647",
    })
    void absurdSizes(String units, String expected) throws IOException {
        String json = Files.readString(Fixtures.resource("keras2/small_alexnet.json")).replace("\"units\": 10,",
                "\"units\": " + units + ",");
        Path file = dir.resolve("synthetic-units-" + units + ".json");
        Files.writeString(file, json);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> org.keras2dl4j.KerasModels.summary(file, null));
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": " + expected), e.getMessage());
        CliRun run = CliRun.of("summary", file.toString());
        assertEquals(3, run.exitCode(), run.err());
    }

    @Test
    void theMessageSaysWhatBoundWasPassed() throws IOException {
        Path file = dir.resolve("synthetic-number.json");
        Files.writeString(file, hostile("number"));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> KerasFiles.inspect(file, null));
        assertEquals("synthetic-number.json: the model config is not valid JSON (beyond the bounds of a model file: "
                + "Number value length (1500) exceeds the maximum allowed (1000))", e.getMessage());
    }
}
