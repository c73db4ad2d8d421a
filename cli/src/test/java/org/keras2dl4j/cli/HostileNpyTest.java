package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.Npy;

/**
 * .npy inputs that made the command line fail with exit 70 (a shape whose product overflows, more
 * than 2 GiB, /dev/zero, a pipe): each header is the real small AlexNet input's of the fixtures
 * with one field changed, and each must be refused before anything is allocated, with one line
 * naming the file, by {@link Npy} and by {@code verify}.
 */
class HostileNpyTest {
    @TempDir
    static Path dir;
    private static byte[] real;
    private static Path model;
    private static Path expected;

    @BeforeAll
    static void prepare() throws IOException {
        real = Files.readAllBytes(Fixtures.resource("keras2/small_alexnet.input.npy"));
        model = Fixtures.resource("keras2/small_alexnet.h5");
        expected = Fixtures.resource("keras2/small_alexnet.predictions.npy");
    }

    private static void assertRefusedByVerify(Path input) {
        CliRun run = CliRun.of("verify", model.toString(), "--input", input.toString(), "--expected", expected.toString());
        // 3, or 2 where the command line refuses a device or a pipe as an argument before reading it
        assertTrue(run.exitCode() == 3 || run.exitCode() == 2 && !Files.isRegularFile(input), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(input.getFileName().toString()), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "npy-shape=(4294967296, 4294967296);more values than a long can count",
        "npy-shape=(9223372036854775807, 2);more values than a long can count",
        "npy-shape=(536870913,);more than the 2147483648 an .npy array may have here",
        "npy-shape=(-1, 3);has an invalid shape",
        "npy-shape=(0, 3);holds no values",
        "npy-shape=(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);"
                + "more than 32",
        "npy-descr=<f99999999999;has dtype",
        "npy-hlen=65535;is truncated in its header",
    })
    void hostileHeader(String mutation, String expectedText) throws IOException {
        Path file = dir.resolve("synthetic-" + Integer.toHexString(mutation.hashCode()) + ".npy");
        Files.write(file, Mutations.apply(real, mutation));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertRefusedByVerify(file);
    }

    @Test
    void aHeaderLongerThanAnyNumpyWritesIsRefusedUnread() throws IOException {
        byte[] bytes = real.clone();
        bytes[6] = 2; // format 2.0: a four-byte header length
        byte[] header = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, header, 0, 8);
        java.nio.ByteBuffer.wrap(header, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
        Path file = dir.resolve("synthetic-huge-header.npy");
        Files.write(file, header);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("declares a header of 2147483647 bytes"), e.getMessage());
    }

    @Test
    void devZeroIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        InvalidModelException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InvalidModelException.class, () -> Npy.read(zero)));
        assertEquals("zero: is not a regular file (a device, a pipe or a socket); an .npy array is read from a file",
                e.getMessage());
        assertRefusedByVerify(zero);
    }

    @Test
    void aPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("synthetic-fifo.npy");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo");
        // Opening a pipe for reading blocks until someone writes: it must not be opened at all.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(InvalidModelException.class,
                () -> Npy.read(fifo)));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertRefusedByVerify(fifo));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(
                CliRun.of("summary", fifo.toString()).exitCode() != 70));
    }

    @Test
    void aStreamHoldingMoreThanItsHeaderDeclaresIsRefused() {
        byte[] longer = java.util.Arrays.copyOf(real, real.length + 4);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> Npy.read("synthetic-longer.npy", new ByteArrayInputStream(longer)));
        assertTrue(e.getMessage().startsWith("synthetic-longer.npy: has more than the"), e.getMessage());
    }

    @Test
    void theRealArrayStillReads() {
        assertEquals(49_152 / 4, Npy.parse("small_alexnet.input.npy", real).length());
    }
}
