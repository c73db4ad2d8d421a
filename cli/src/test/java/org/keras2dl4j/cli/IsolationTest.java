package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras2dl4j.fixtures.Fixtures;

/**
 * The program reads Keras HDF5 files in a watched child JVM ({@link Isolation}): a child that hangs
 * while reading is killed and the run ends with exit 3 and one line, as does a child that crashes;
 * otherwise the child's output and exit code are the run's. Files read without trouble before are
 * read in-process. The watchdog is tested through its test hook (a child that sleeps or dies by
 * SIGSEGV while reading) and on real damaged copies of a Keras .h5.
 */
class IsolationTest {
    private static final String KERAS2 = "keras2/small_alexnet";

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return Fixtures.resource(name).toString();
    }

    private Path model() throws IOException {
        Path model = dir.resolve("M.h5");
        if (!Files.exists(model)) {
            Files.copy(Fixtures.resource(KERAS2 + ".h5"), model);
        }
        return model;
    }

    private ProgramRun run(Map<String, String> env, String... args) throws Exception {
        return ProgramRun.of(dir, env, args);
    }

    private static void assertOneLine(ProgramRun run, int exitCode, String... fragments) {
        assertEquals(exitCode, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("keras2dl4j: "), run.err());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), run.err());
        }
        assertEquals("", run.out(), "nothing on stdout");
    }

    @Test
    void isolatedRunRelaysOutputAndExitCode() throws Exception {
        String model = model().toString();
        ProgramRun ok = run(Map.of(), "verify", model, "--input", fixture(KERAS2 + ".input.npy"), "--expected",
                fixture(KERAS2 + ".predictions.npy"), "--isolate");
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("OK: every output is within atol"), ok.out());
        assertEquals("", ok.err());
        ProgramRun mismatch = run(Map.of(), "verify", model, "--input", fixture(KERAS2 + ".input.npy"), "--expected",
                fixture(KERAS2 + ".predictions.npy"), "--atol", "0", "--isolate");
        assertEquals(1, mismatch.exitCode(), mismatch.err());
        assertTrue(mismatch.out().contains("MISMATCH: output 0 differs"), mismatch.out());
        ProgramRun usage = run(Map.of(), "convert", model, "-o", model, "--isolate");
        assertOneLineUsage(usage);
        assertTrue(usage.err().contains("is the same file as MODEL"), usage.err());
    }

    private static void assertOneLineUsage(ProgramRun run) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void childThatHangsWhileReadingIsKilledWithExit3() throws Exception {
        ProgramRun run = run(Map.of(Isolation.TEST_HOOK_ENV, "hang", Isolation.TEST_LIMIT_ENV, "2"),
                "summary", model().toString());
        assertOneLine(run, 3, "M.h5: reading it did not finish within 2 s (a damaged HDF5 file?)");
        assertTrue(run.seconds() < 10, "took " + run.seconds() + " s");
        assertNoCrashFiles();
    }

    @Test
    void childThatCrashesWhileReadingGivesExit3() throws Exception {
        ProgramRun run = run(Map.of(Isolation.TEST_HOOK_ENV, "crash"), "convert", model().toString(), "-o",
                dir.resolve("out.zip").toString());
        assertOneLine(run, 3, "M.h5: the HDF5 library crashed reading it (a damaged file?)");
        assertFalse(Files.exists(dir.resolve("out.zip")));
        assertNoCrashFiles();
    }

    /** No JVM crash report, core dump or half-written file left in the working directory. */
    private void assertNoCrashFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> left = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("hs_err") || n.startsWith("core") || n.endsWith(".partial")).toList();
            assertEquals(List.of(), left);
        }
    }

    @Test
    void knownGoodFilesAreReadInProcessUntilTheyChange() throws Exception {
        Path model = model();
        Map<String, String> crash = Map.of(Isolation.TEST_HOOK_ENV, "crash");
        // Not known yet: isolated, and the hook crashes the child.
        assertOneLine(run(crash, "summary", model.toString()), 3, "the HDF5 library crashed reading it");
        // Read without trouble once (in-process here): known good for what summary reads.
        ProgramRun first = run(Map.of(), "summary", model.toString(), "--no-isolate");
        assertEquals(0, first.exitCode(), first.err());
        ProgramRun again = run(crash, "summary", model.toString());
        assertEquals(0, again.exitCode(), "a known-good file was isolated: " + again.err());
        assertEquals(first.out(), again.out());
        // verify reads the weight values too, which summary did not: isolated again.
        assertOneLine(run(crash, "verify", model.toString(), "--input", fixture(KERAS2 + ".input.npy"), "--expected",
                fixture(KERAS2 + ".predictions.npy")), 3, "the HDF5 library crashed reading it");
        // --isolate isolates a known-good file all the same.
        assertOneLine(run(crash, "summary", model.toString(), "--isolate"), 3, "crashed");
        // A changed file is unknown again.
        Files.setLastModifiedTime(model, FileTime.fromMillis(Files.getLastModifiedTime(model).toMillis() - 60_000));
        assertOneLine(run(crash, "summary", model.toString()), 3, "crashed");
    }

    @Test
    void corruptOrUnwritableCacheIsIgnored() throws Exception {
        Path model = model();
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.write(cache.resolve("known-good-hdf5"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n', 'x', '\t'});
        Map<String, String> crash = Map.of(Isolation.TEST_HOOK_ENV, "crash");
        assertOneLine(run(crash, "summary", model.toString()), 3, "crashed");
        ProgramRun ok = run(Map.of(), "summary", model.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals("", ok.err());
        // A cache that cannot be written (its directory is a file): runs work, nothing is known.
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Map<String, String> unwritable = Map.of("KERAS2DL4J_CACHE", notADirectory.toString());
        ProgramRun plain = run(unwritable, "summary", model.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals("", plain.err());
    }

    @Test
    void commandsWithoutHdf5AreNotIsolated() throws Exception {
        Map<String, String> crash = Map.of(Isolation.TEST_HOOK_ENV, "crash");
        ProgramRun json = run(crash, "summary", fixture(KERAS2 + ".json"));
        assertEquals(0, json.exitCode(), json.err());
        ProgramRun help = run(crash, "summary", "--help", model().toString());
        assertEquals(0, help.exitCode(), help.err());
        ProgramRun version = run(crash, "--version");
        assertEquals(0, version.exitCode(), version.err());
    }

    @Test
    void realDamagedFilesEndWithExit3AndOneLine() throws Exception {
        byte[] original = Files.readAllBytes(model());
        // A byte inserted into the global heap of the weights' attributes made native H5Aread hang
        // forever in-process; others fail inside HDF5, or crash it, depending on the damage.
        int[] inserts = {13920, 13960, 2056};
        for (int offset : inserts) {
            Path damaged = dir.resolve("inserted-" + offset + ".h5");
            byte[] bytes = new byte[original.length + 1];
            System.arraycopy(original, 0, bytes, 0, offset);
            bytes[offset] = 1;
            System.arraycopy(original, offset, bytes, offset + 1, original.length - offset);
            Files.write(damaged, bytes);
            ProgramRun run = run(Map.of(Isolation.TEST_LIMIT_ENV, "3"), "summary", damaged.toString());
            assertOneLine(run, 3, damaged.getFileName() + ": ");
            assertTrue(run.seconds() < 10, damaged.getFileName() + " took " + run.seconds() + " s");
        }
        Path duplicated = dir.resolve("duplicated.h5");
        byte[] bytes = new byte[original.length + 32];
        System.arraycopy(original, 0, bytes, 0, 13904 + 32);
        System.arraycopy(original, 13904, bytes, 13904 + 32, original.length - 13904);
        Files.write(duplicated, bytes);
        ProgramRun run = run(Map.of(Isolation.TEST_LIMIT_ENV, "3"), "convert", duplicated.toString(), "-o",
                dir.resolve("out.zip").toString());
        assertOneLine(run, 3, "duplicated.h5: ");
        assertFalse(Files.exists(dir.resolve("out.zip")));
        assertNoCrashFiles();
    }

    @Test
    void childRunsWithTheParentsJvmSettings() {
        List<String> command = Isolation.childCommand(dir.resolve("status"), new String[] {"summary", "m.h5",
                Isolation.NO_ISOLATE, "--debug"});
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp")) {
                assertTrue(command.contains(option), option + " missing from " + command);
            }
        }
        assertTrue(command.contains("-XX:+SuppressFatalErrorMessage"), command.toString());
        assertEquals(List.of("summary", "m.h5", "--debug"), command.subList(command.size() - 3, command.size()));
    }
}
