package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * The toolkit's own .zip, damaged: decompression bombs in the configuration and the test vector
 * (OutOfMemoryError before), entries lying about their size, a configuration declaring more
 * parameters than the zip holds, a broken input type or preprocessor (IllegalStateException and
 * NullPointerException from DL4J before), too many entries, missing fields. Each zip is the real
 * small AlexNet of the fixtures, converted by the toolkit with Keras's predictions as its test
 * vector, with one part changed; each must be refused by the library with a one-line
 * {@code Keras2Dl4jException} naming the zip, and by the command line with exit 3.
 */
class HostileZipTest {
    @TempDir
    static Path dir;
    private static Path zip;
    private static Path input;

    @BeforeAll
    static void convert() throws IOException {
        input = Files.copy(Fixtures.resource("keras2/small_alexnet.input.npy"), dir.resolve("x.npy"));
        Path expected = Files.copy(Fixtures.resource("keras2/small_alexnet.predictions.npy"), dir.resolve("y.npy"));
        zip = dir.resolve("small_alexnet.zip");
        CliRun run = CliRun.of("convert", Fixtures.resource("keras2/small_alexnet.h5").toString(), "-o", zip.toString(),
                "--input", input.toString(), "--expected", expected.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    private static Path mutant(String name, String mutation) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, Mutations.apply(Files.readAllBytes(zip), mutation));
        return file;
    }

    private static String refused(Path file) {
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class, () -> KerasModels.load(file));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith(file.getFileName().toString()), message);
        CliRun run = CliRun.of("predict", file.toString(), "--input", input.toString(), "--output",
                dir.resolve("y-out.npy").toString());
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(dir.resolve("y-out.npy")));
        return message;
    }

    @Test
    void theUntouchedZipLoads() {
        KerasModels.load(zip);
    }

    @Test
    void configurationBomb() throws IOException {
        // 200 MB of JSON white space, deflated to about 200 KB: refused from the zip's directory alone.
        String message = refused(mutant("synthetic-configuration-bomb.zip", "bomb=configuration.json|200000000"));
        assertTrue(message.contains("a decompression bomb"), message);
    }

    @Test
    void configurationBombLyingAboutItsSize() throws IOException {
        // The directory declares 100 bytes: the reader stops after them and finds more.
        String message = refused(mutant("synthetic-configuration-bomb-lying.zip", "bomb=configuration.json|200000000|lie"));
        assertTrue(message.contains("holds more bytes than the 100 it declares"), message);
    }

    @Test
    void testVectorBomb() throws IOException {
        String message = refused(mutant("synthetic-test-vector-bomb.zip",
                "bomb=keras2dl4j-test-vector/input_0.npy|300000000"));
        assertTrue(message.contains("a decompression bomb"), message);
    }

    @Test
    void testVectorArrayLyingAboutItsShape() throws IOException {
        String message = refused(mutant("synthetic-test-vector-shape.zip",
                "entry=keras2dl4j-test-vector/input_0.npy|npy-shape=(4294967296, 4294967296)"));
        assertTrue(message.contains("more values than a long can count"), message);
    }

    @Test
    void configurationDeclaringMoreParametersThanTheZipHolds() throws IOException {
        // dense_2 with 50,000,000 outputs: 1.6 billion parameters, refused before anything is allocated.
        Map<String, byte[]> entries = Mutations.readZip(Files.readAllBytes(zip));
        String configuration = new String(entries.get("configuration.json"), StandardCharsets.UTF_8);
        String changed = configuration.replace("\"nout\" : 10,", "\"nout\" : 50000000,");
        assertFalse(changed.equals(configuration));
        entries.put("configuration.json", changed.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("synthetic-huge-configuration.zip");
        Files.write(file, Mutations.storedZip(entries));
        String message = refused(file);
        assertTrue(message.contains("parameters, but coefficients.bin holds"), message);
    }

    @Test
    void brokenInputType() throws IOException {
        // InputTypes.fromJson threw IllegalStateException from summary and predict.
        Path file = withInfo("synthetic-broken-input-type.zip", info -> {
            try {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(info);
                tree.putArray("inputTypes").add("{\"@class\": \"nonsense\"}");
                return mapper.writeValueAsString(tree);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String message = refused(file);
        assertTrue(message.contains("has an input type DL4J cannot read"), message);
        assertEquals(3, CliRun.of("summary", file.toString()).exitCode());
    }

    @Test
    void inputTypeTheNetworkDoesNotTake() throws IOException {
        Path file = withInfo("synthetic-wrong-input-type.zip", info -> info.replace("\\\"height\\\" : 32", "\\\"height\\\" : 7"));
        refused(file);
    }

    @Test
    void brokenPreprocessor() throws IOException {
        Map<String, byte[]> entries = Mutations.readZip(Files.readAllBytes(zip));
        String configuration = new String(entries.get("configuration.json"), StandardCharsets.UTF_8);
        String changed = configuration.replaceFirst("\"shape\" : \\[ 64 \\]\\s*}\\s*}", "\"shape\" : [ 65 ] } }")
                .replace("org.keras2dl4j.dl4j.blocks.KerasReshape", "org.keras2dl4j.dl4j.blocks.NoSuchPreprocessor");
        assertFalse(changed.equals(configuration));
        entries.put("configuration.json", changed.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("synthetic-broken-preprocessor.zip");
        Files.write(file, Mutations.storedZip(entries));
        refused(file);
    }

    @Test
    void incompleteLayerEntries() throws IOException {
        refused(withInfo("synthetic-null-layer.zip", info -> info.replaceFirst("\"layers\" : \\[", "\"layers\" : [ null,")));
        refused(withInfo("synthetic-no-class.zip", info -> info.replace("\"className\" : \"Conv2D\"", "\"className\" : null")));
        refused(withInfo("synthetic-nested-info.zip", info -> info.replaceFirst("\"modelName\" : \"[^\"]*\"",
                "\"modelName\" : " + "[".repeat(1500) + "]".repeat(1500))));
    }

    @Test
    void tooManyEntries() throws IOException {
        String message = refused(mutant("synthetic-many-entries.zip", "many=1500"));
        assertTrue(message.contains("entries, more than the 1000 allowed"), message);
    }

    @Test
    void entryThereTwice() throws IOException {
        String message = refused(mutant("synthetic-twice.zip", "twice=configuration.json"));
        assertTrue(message.contains("is there twice"), message);
    }

    private static Path withInfo(String name, java.util.function.UnaryOperator<String> change) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(Mutations.readZip(Files.readAllBytes(zip)));
        String info = new String(entries.get("keras2dl4j.json"), StandardCharsets.UTF_8);
        String changed = change.apply(info);
        assertFalse(changed.equals(info), "the change applies");
        entries.put("keras2dl4j.json", changed.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve(name);
        Files.write(file, Mutations.storedZip(entries));
        return file;
    }
}
