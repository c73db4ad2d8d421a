package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.AtomicFile;

/**
 * Outputs never replace an input, a link, a directory or a device, and are refused with exit 2 and
 * one line before anything is read or written; MODEL is a regular file or an unzipped .keras
 * directory (a FIFO is refused at once); temporary files of dead processes are swept; failures to
 * write or to make a temporary file say why in one line.
 */
class OutputSafetyTest {
    private static final String KERAS2 = "keras2/small_alexnet";

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        return Fixtures.resource(name);
    }

    /** A copy of a fixture in the test's directory, under {@code name}. */
    private Path copy(String fixture, String name) throws IOException {
        return Files.copy(fixture(fixture), dir.resolve(name));
    }

    private static void assertRefused(CliRun run, String... fragments) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), run.err());
        }
        assertEquals("", run.out());
    }

    private void assertUnchanged(Path file, byte[] before) throws IOException {
        assertArrayEquals(before, Files.readAllBytes(file), file + " was overwritten");
    }

    private void assertNoPartials() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> partials = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial"))
                    .toList();
            assertEquals(List.of(), partials);
        }
    }

    @Test
    void convertToTheModelItselfIsRefused() throws IOException {
        Path model = copy(KERAS2 + ".h5", "M.h5");
        byte[] before = Files.readAllBytes(model);
        assertRefused(CliRun.of("convert", model.toString(), "-o", model.toString()),
                "-o '" + model + "' is the same file as MODEL", "refusing to overwrite an input");
        assertUnchanged(model, before);
        assertNoPartials();
    }

    @Test
    void sameFileIsFoundThroughDotSlashAndSymbolicLinks() throws IOException {
        Path model = copy(KERAS2 + ".h5", "M.h5");
        byte[] before = Files.readAllBytes(model);
        Path link = Files.createSymbolicLink(dir.resolve("link.h5"), model.getFileName());
        String dotted = dir.resolve(".").resolve("M.h5").toString();
        assertRefused(CliRun.of("convert", model.toString(), "-o", dotted), "is the same file as MODEL");
        assertRefused(CliRun.of("convert", link.toString(), "-o", model.toString()), "is the same file as MODEL");
        Path hardLink = Files.createLink(dir.resolve("hard.h5"), model);
        assertRefused(CliRun.of("convert", model.toString(), "-o", hardLink.toString()), "is the same file as MODEL");
        assertUnchanged(model, before);
    }

    @Test
    void convertToItsWeightsFileIsRefused() throws IOException {
        Path json = copy(KERAS2 + ".json", "M.json");
        Path weights = copy(KERAS2 + "_weights.h5", "W.h5");
        byte[] before = Files.readAllBytes(weights);
        assertRefused(CliRun.of("convert", json.toString(), "-w", weights.toString(), "-o", weights.toString()),
                "is the same file as -w '" + weights + "'");
        assertUnchanged(weights, before);
    }

    @Test
    void predictToItsInputIsRefused() throws IOException {
        Path input = copy(KERAS2 + ".input.npy", "x.npy");
        byte[] before = Files.readAllBytes(input);
        assertRefused(CliRun.of("predict", fixture(KERAS2 + ".h5").toString(), "--input", input.toString(),
                "--output", input.toString()), "is the same file as --input '" + input + "'");
        assertUnchanged(input, before);
    }

    @Test
    void predictToTheSameOutputTwiceIsRefused() throws IOException {
        Path input = copy(KERAS2 + ".input.npy", "x.npy");
        Path y = dir.resolve("y.npy");
        assertRefused(CliRun.of("predict", fixture(KERAS2 + ".h5").toString(), "--input", input.toString(),
                "--output", y.toString(), "--output", y.toString()), "is given twice");
        assertFalse(Files.exists(y));
    }

    @Test
    void validateReportOverItsSummaryIsRefused() throws IOException {
        Path summary = copy(KERAS2 + ".summary.txt", "S.txt");
        byte[] before = Files.readAllBytes(summary);
        assertRefused(CliRun.of("validate", fixture(KERAS2 + ".h5").toString(), "--summary", summary.toString(),
                "--junit", summary.toString()), "is the same file as --summary");
        assertUnchanged(summary, before);
    }

    @Test
    void outputThatIsASymbolicLinkIsRefusedAndTheLinkKept() throws IOException {
        Path target = Files.writeString(dir.resolve("target.zip"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("out.zip"), target.getFileName());
        assertRefused(CliRun.of("convert", fixture(KERAS2 + ".h5").toString(), "-o", link.toString()),
                "is a symbolic link");
        assertTrue(Files.isSymbolicLink(link), "the link was replaced");
        assertEquals("keep me", Files.readString(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.zip"), dir.resolve("nowhere.zip"));
        assertRefused(CliRun.of("convert", fixture(KERAS2 + ".h5").toString(), "-o", dangling.toString()),
                "is a symbolic link");
        assertFalse(Files.exists(dir.resolve("nowhere.zip")));
    }

    @Test
    void outputEndingInASlashOrNamingADirectoryIsRefused() throws IOException {
        String model = fixture(KERAS2 + ".h5").toString();
        assertRefused(CliRun.of("convert", model, "-o", dir.resolve("new") + "/"), "names a directory");
        assertFalse(Files.exists(dir.resolve("new")), "a file named 'new' was written");
        Path existing = Files.createDirectory(dir.resolve("existing"));
        assertRefused(CliRun.of("convert", model, "-o", existing.toString()), "is a directory");
        assertRefused(CliRun.of("convert", model, "-o", existing + "/"), "names a directory");
        try (Stream<Path> files = Files.list(existing)) {
            assertEquals(0, files.count());
        }
        assertNoPartials();
    }

    @Test
    void devicesAreNeverReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null on this system");
        String model = fixture(KERAS2 + ".h5").toString();
        assertRefused(CliRun.of("convert", model, "-o", "/dev/null"), "is a character device", "refusing to replace it");
        assertRefused(CliRun.of("predict", model, "--input", fixture(KERAS2 + ".input.npy").toString(), "--output",
                "/dev/null"), "is a character device");
        if (Files.exists(Path.of("/dev/full"))) {
            assertRefused(CliRun.of("convert", model, "-o", "/dev/full"), "is a character device");
            assertCharacterDevice(Path.of("/dev/full"));
        }
        assertCharacterDevice(devNull);
        // The library refuses it too (as root, a rename would replace the device node).
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class,
                () -> AtomicFile.write(devNull, out -> out.write(1)));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertCharacterDevice(devNull);
    }

    private static void assertCharacterDevice(Path device) throws IOException {
        int mode = (Integer) Files.getAttribute(device, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, mode & 0170000, device + " is no longer a character device");
    }

    @Test
    void fifoAsModelIsRefusedAtOnce() throws Exception {
        Path fifo = fifo("model.h5");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CliRun.of("summary", fifo.toString()));
        assertRefused(run, "is a FIFO");
        CliRun weights = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CliRun.of("convert", fixture(KERAS2 + ".json").toString(), "-w", fifo.toString(), "-o",
                        dir.resolve("out.zip").toString()));
        assertRefused(weights, "is a FIFO");
        CliRun input = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CliRun.of("predict", fixture(KERAS2 + ".h5").toString(), "--input", fifo.toString(),
                        "--output", dir.resolve("y.npy").toString()));
        assertRefused(input, "is a FIFO");
    }

    @Test
    void fifoAsModelIsRefusedAtOnceByTheProgram() throws Exception {
        Path fifo = fifo("model.h5");
        ProgramRun run = ProgramRun.of(dir, java.util.Map.of(), "summary", fifo.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("is a FIFO"), run.err());
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
            throw e;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo could not make a FIFO");
        return fifo;
    }

    @Test
    void directoryThatIsNoKerasArchiveIsRefused() {
        assertRefused(CliRun.of("summary", dir.toString()), "is a directory without a config.json");
    }

    @Test
    void unzippedKerasDirectoryVerifiesAgainstKerasPredictions() throws IOException {
        Path unzipped = unzip(fixture("keras3/small_alexnet.keras"), dir.resolve("small_alexnet"));
        CliRun run = CliRun.of("verify", unzipped.toString(), "--input",
                fixture("keras3/small_alexnet.input.npy").toString(), "--expected",
                fixture("keras3/small_alexnet.predictions.npy").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("OK: every output is within atol"), run.out());
        // Its own files are inputs too: never overwritten.
        Path weights = unzipped.resolve("model.weights.h5");
        byte[] before = Files.readAllBytes(weights);
        assertRefused(CliRun.of("convert", unzipped.toString(), "-o", weights.toString()), "is inside MODEL");
        assertUnchanged(weights, before);
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path file = target.resolve(entry.getName()).normalize();
                assertTrue(file.startsWith(target), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
        assertTrue(Files.isRegularFile(target.resolve("config.json")), "the archive holds a config.json");
        return target;
    }

    @Test
    void stalePartialFilesOfDeadProcessesAreSweptBeforeWriting() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Path stale = Files.writeString(dir.resolve(".out.zip." + dead + ".12345.partial"), "stale");
        Path staleOther = Files.writeString(dir.resolve(".other.npy." + dead + ".678.partial"), "stale");
        Path live = Files.writeString(dir.resolve(".out.zip." + self + ".999.partial"), "being written");
        Path noPid = Files.writeString(dir.resolve(".out.zip.4242424242424242.partial"), "old name");
        Path unrelated = Files.writeString(dir.resolve("notes." + dead + ".1.partial.txt"), "keep");
        CliRun run = CliRun.of("convert", fixture(KERAS2 + ".json").toString(), "-w",
                fixture(KERAS2 + "_weights.h5").toString(), "-o", dir.resolve("out.zip").toString(),
                "--no-self-check");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(stale), "the dead process's partial file was not swept");
        assertFalse(Files.exists(staleOther), "the dead process's partial file was not swept");
        assertTrue(Files.exists(live), "a running process's partial file was deleted");
        assertTrue(Files.exists(noPid), "a file without a process id was deleted");
        assertTrue(Files.exists(unrelated));
        assertTrue(Files.isRegularFile(dir.resolve("out.zip")));
    }

    @Test
    void staleTemporaryWeightsOfDeadProcessesAreSweptWhenAKerasArchiveIsRead() throws Exception {
        Path tmp = AtomicFile.temporaryDirectory();
        long dead = deadPid();
        Path stale = Files.writeString(tmp.resolve("keras2dl4j-" + dead + "-1234.weights.h5"), "stale");
        Path mine = Files.writeString(tmp.resolve("keras2dl4j-" + ProcessHandle.current().pid()
                + "-1234.weights.h5"), "mine");
        try {
            CliRun run = CliRun.of("summary", fixture("keras3/small_alexnet.keras").toString());
            assertEquals(0, run.exitCode(), run.err());
            assertFalse(Files.exists(stale), "the dead process's weights copy was not swept");
            assertTrue(Files.exists(mine), "a running process's weights copy was deleted");
        } finally {
            Files.deleteIfExists(stale);
            Files.deleteIfExists(mine);
        }
    }

    @Test
    void partialFileIsDeletedOnSigtermAndSweptAfterSigkill() throws Exception {
        // fixture alexnet writes 238 MiB through a .partial file for a few seconds: time to stop it.
        for (boolean kill : new boolean[] {false, true}) {
            Path target = dir.resolve(kill ? "killed.h5" : "terminated.h5");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "fixture", "alexnet",
                    "-o", target.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String prefix = "." + target.getFileName() + "." + process.pid() + ".";
            Path partial = null;
            for (long end = System.nanoTime() + 120_000_000_000L; partial == null && System.nanoTime() < end
                    && process.isAlive(); ) {
                try (Stream<Path> files = Files.list(dir)) {
                    partial = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElse(null);
                }
                Thread.sleep(20);
            }
            assertTrue(partial != null, "no " + prefix + "*.partial appeared while the fixture was written");
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the process did not stop");
            assertFalse(Files.exists(target), "a half-written target");
            if (kill) {
                assertTrue(Files.exists(partial), "SIGKILL leaves the partial file (nothing can run)");
                CliRun run = CliRun.of("convert", fixture(KERAS2 + ".h5").toString(), "-o",
                        dir.resolve("next.zip").toString(), "--no-self-check");
                assertEquals(0, run.exitCode(), run.err());
                assertFalse(Files.exists(partial), "the next write in the directory did not sweep " + partial);
            } else {
                assertFalse(Files.exists(partial), "SIGTERM left " + partial);
            }
        }
    }

    /** The id of a process that ran and ended. */
    static long deadPid() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        long pid = process.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty(), "process " + pid + " still runs");
        return pid;
    }

    @Test
    void partialFileCarriesTheProcessIdAndIsGoneAfterAFailure() throws IOException {
        Path target = dir.resolve("out.bin");
        long pid = ProcessHandle.current().pid();
        String[] seen = new String[1];
        Keras2Dl4jException e = assertThrows(Keras2Dl4jException.class, () -> AtomicFile.writeVia(target, temporary -> {
            seen[0] = temporary.getFileName().toString();
            try (OutputStream out = Files.newOutputStream(temporary)) {
                out.write(new byte[100]);
            }
            throw new FileSystemException(temporary.toString(), null, "No space left on device");
        }));
        assertTrue(seen[0].matches("\\.out\\.bin\\." + pid + "\\.\\d+\\.partial"), seen[0]);
        assertEquals(target + ": cannot write the file: no space left on device (disk full)", e.getMessage());
        assertFalse(Files.exists(target));
        assertNoPartials();
    }

    @Test
    void writeFailuresSayWhyInOneLineNamingTheTarget() throws IOException {
        assertEquals("permission denied", AtomicFile.reason(new AccessDeniedException("/x/.y.partial"), null));
        assertEquals("read-only file system",
                AtomicFile.reason(new FileSystemException("/x", null, "Read-only file system"), null));
        assertEquals("no space left on device (disk full)",
                AtomicFile.reason(new IOException("No space left on device"), null));
        Path sys = Path.of("/sys");
        if (Files.isDirectory(sys) && !Files.isWritable(sys.resolve("k2d-test.zip"))) {
            // sysfs refuses new files, even to root
            Path target = sys.resolve("keras2dl4j-test.zip");
            CliRun run = CliRun.of("convert", fixture(KERAS2 + ".h5").toString(), "-o", target.toString(),
                    "--no-self-check");
            assertEquals(3, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("keras2dl4j: " + target + ": cannot write the file: "), run.err());
            assertTrue(run.err().contains("permission denied") || run.err().contains("read-only file system"),
                    run.err());
        }
    }

    @Test
    void unwritableTemporaryDirectoryIsReportedAsSuch() throws IOException {
        String saved = System.getProperty("java.io.tmpdir");
        Path missing = dir.resolve("no-such-tmp");
        System.setProperty("java.io.tmpdir", missing.toString());
        try {
            CliRun run = CliRun.of("summary", fixture("keras3/small_alexnet.keras").toString());
            assertEquals(3, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("keras2dl4j: cannot create a temporary file in " + missing + ": "),
                    run.err());
            assertFalse(run.err().contains("small_alexnet.keras"), "blamed on the model: " + run.err());
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
    }

    @Test
    void sweepKeepsFilesOfOtherKindsAndRunningProcesses() throws Exception {
        long dead = deadPid();
        Path stale = Files.writeString(dir.resolve("keras2dl4j-" + dead + "-5.status"), "x");
        Path foreign = Files.writeString(dir.resolve("keras2dl4j-" + dead + "-5.txt"), "x");
        Path alive = Files.writeString(dir.resolve("keras2dl4j-1-5.weights.h5"), "x"); // pid 1 always runs
        Files.setLastModifiedTime(stale, FileTime.fromMillis(0));
        AtomicFile.sweepStaleTemporaries(dir);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign));
        assertTrue(Files.exists(alive));
    }
}
