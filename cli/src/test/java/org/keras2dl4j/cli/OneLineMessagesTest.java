package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * Every error the command line prints is one line: whatever the message holds (a JSON parser's line
 * breaks, a class name with control characters read from the file) is printed as one line, with
 * control characters escaped; errors about a converted .zip name the zip, not the Keras file it was
 * converted from.
 */
class OneLineMessagesTest {
    private static final String KERAS2 = "keras2/small_alexnet";

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return Fixtures.resource(name).toString();
    }

    private static void assertExit3OneLine(CliRun run, String start) {
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("keras2dl4j: ") && run.err().contains(start.substring("keras2dl4j: ".length())),
                run.err());
        assertTrue(run.err().endsWith("\n") && !run.err().contains("\r"), run.err());
        for (char c : run.err().substring(0, run.err().length() - 1).toCharArray()) {
            assertFalse(Character.isISOControl(c), "control character " + (int) c + " in " + run.err());
        }
    }

    @Test
    void oneLineJoinsLineBreaksAndEscapesControlCharacters() {
        assertEquals("Unexpected character ('x'): was expecting a colon at [Source: (String)\"{\"; line: 1, column: 3]",
                Cli.oneLine("Unexpected character ('x'): was expecting a colon\n at [Source: (String)\"{\"; line: 1, "
                        + "column: 3]"));
        assertEquals("a b c", Cli.oneLine("a\r\nb\tc\n"));
        assertEquals("class 'Evil\\u001b[2J' \\u0000 \\u007f \\u2028 \\u202e", Cli.oneLine(
                "class 'Evil\u001b[2J' \u0000 \u007f \u2028 \u202e"));
        assertEquals("null", Cli.oneLine(null));
        assertEquals("plain text, ünïcödé", Cli.oneLine("plain text, ünïcödé"));
    }

    @Test
    void classNameWithLineBreaksAndEscapesFromTheFileIsOneLine() throws IOException {
        String json = Files.readString(Path.of(fixture(KERAS2 + ".json")), StandardCharsets.UTF_8)
                .replaceFirst("\"class_name\": \"Flatten\"", "\"class_name\": \"Flat\\\\nten\\\\u001b[2J\\\\r\"");
        assertTrue(json.contains("Flat\\nten"), "the fixture has a Flatten layer");
        Path model = Files.writeString(dir.resolve("evil.json"), json);
        CliRun run = CliRun.of("summary", model.toString());
        assertExit3OneLine(run, "keras2dl4j: evil.json: ");
        assertTrue(run.err().contains("\\u001b[2J"), "the escape is shown, not sent: " + run.err());
    }

    @Test
    void jsonParserErrorsWithLineBreaksAreOneLine() throws IOException {
        Path model = Files.writeString(dir.resolve("broken.json"), "{\"class_name\": \"Sequential\",\n \"config\" x}");
        assertExit3OneLine(CliRun.of("summary", model.toString()), "keras2dl4j: broken.json: ");
    }

    @Test
    void damagedFilesGiveOneLine() throws IOException {
        byte[] original = Files.readAllBytes(Path.of(fixture(KERAS2 + ".h5")));
        Path truncated = Files.write(dir.resolve("truncated.h5"), java.util.Arrays.copyOf(original, 3000));
        assertExit3OneLine(CliRun.of("summary", truncated.toString()), "keras2dl4j: truncated.h5: ");
        Path notKeras = Files.writeString(dir.resolve("notes.h5"), "hello\nworld\n");
        assertExit3OneLine(CliRun.of("summary", notKeras.toString()), "keras2dl4j: notes.h5: ");
        byte[] zipBytes = {'P', 'K', 3, 4, 0, 0, '\n', '\n'};
        Path badZip = Files.write(dir.resolve("bad.zip"), zipBytes);
        assertExit3OneLine(CliRun.of("summary", badZip.toString()), "keras2dl4j: bad.zip: ");
    }

    @Test
    void errorsAboutAConvertedZipNameTheZip() {
        Path zip = dir.resolve("converted.zip");
        CliRun convert = CliRun.of("convert", fixture(KERAS2 + ".h5"), "-o", zip.toString());
        assertEquals(0, convert.exitCode(), convert.err());
        CliRun wrongShape = CliRun.of("convert", zip.toString(), "-o", dir.resolve("again.zip").toString(),
                "--input-shape", "9,9,9");
        assertExit3OneLine(wrongShape, "keras2dl4j: converted.zip: --input-shape ");
        assertFalse(wrongShape.err().contains("small_alexnet.h5"), wrongShape.err());
    }
}
