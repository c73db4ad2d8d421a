package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the program itself ({@link Main}) in its own JVM, as the launcher runs it: exit code,
 * stdout, stderr and how long it took. Runs in {@code dir} with its own known-good cache
 * ({@code dir/cache}) unless {@code env} names one.
 */
record ProgramRun(int exitCode, String out, String err, double seconds) {
    /** A run that has not ended after this long is killed and fails the test. */
    private static final long LIMIT_SECONDS = 120;

    static ProgramRun of(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("KERAS2DL4J_CACHE", dir.resolve("cache").toString());
        builder.environment().remove(Isolation.TEST_HOOK_ENV);
        builder.environment().remove(Isolation.TEST_LIMIT_ENV);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("keras2dl4j " + String.join(" ", args) + " did not end within " + LIMIT_SECONDS + " s");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ProgramRun run = new ProgramRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), seconds);
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
