package org.keras2dl4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keras2dl4j.io.KerasFiles;

/**
 * The child JVM of {@link FuzzTest} for the inputs that reach native HDF5, which can hang or crash
 * the JVM: reads {@link FuzzCheck.Input} lines on stdin and answers each with a {@code START} line,
 * then {@code RESULT<TAB>}{@link FuzzCheck.Outcome#line()}. The parent restarts it after a crash
 * (the pipe closes) or a hang (no result within its timeout). Arguments: a working directory of its
 * own, and a valid model to warm up on before it prints {@code READY}.
 */
public final class FuzzWorker {
    private FuzzWorker() {
    }

    public static void main(String[] args) throws Exception {
        // The command line's output goes to its own streams; anything else that prints (DL4J) is not ours.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        Path home = Path.of(args[0]);
        Path out = Files.createDirectories(home.resolve("out"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        KerasFiles.inspect(Path.of(args[1]), null);
        org.nd4j.linalg.factory.Nd4j.create(1);
        protocol.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            protocol.println("START");
            String result;
            try {
                result = FuzzCheck.run(FuzzCheck.Input.parse(line), out, tmp).line();
            } catch (Throwable e) {
                result = "PROBLEM\tthe check itself failed: " + FuzzCheck.abbreviate(String.valueOf(e));
            }
            protocol.println("RESULT\t" + result);
        }
    }
}
