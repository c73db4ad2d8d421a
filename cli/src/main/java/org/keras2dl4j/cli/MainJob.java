package org.keras2dl4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.SelfCheck;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.fixtures.AlexNetFixture;
import org.keras2dl4j.io.AtomicFile;
import org.keras2dl4j.report.KerasTable;
import org.keras2dl4j.validator.Comparison;
import org.keras2dl4j.validator.KerasValidation;
import org.keras2dl4j.validator.summary.KerasSummary;
import org.keras2dl4j.validator.summary.KerasSummaryParser;

/**
 * The main job, run when no command is given: writes the page's AlexNet as a Keras 2 full-model
 * .h5 with seeded weights (into a temporary directory it removes afterwards), converts it to a DL4J
 * network with its weights, compares the network with the page's own summary and prints the summary
 * with a verdict. Exit 0 when everything matches, 1 otherwise.
 */
final class MainJob implements Command {
    /** The main job's temporary directory: {@code keras2dl4j-alexnet-<pid>-<random>}. */
    private static final String DIRECTORY_PREFIX = "keras2dl4j-alexnet-";

    @Override
    public String name() {
        return "";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "convert the page's AlexNet and check it against the page's summary";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws IOException {
        sweepStaleDirectories();
        Path dir = Files.createTempDirectory(DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-");
        Path h5 = dir.resolve("alexnet.h5");
        // Stopped by SIGTERM or Ctrl-C, the JVM still deletes the 238 MiB file and its directory.
        AtomicFile.deleteOnShutdown(dir);
        AtomicFile.deleteOnShutdown(h5);
        try {
            long start = System.nanoTime();
            AlexNetFixture.write(h5, AlexNetFixture.DEFAULT_SEED);
            long written = System.nanoTime();
            ConvertedModel model = KerasModels.load(h5, null, SelfCheck.RUN, TerminalProgress.forConsole());
            long converted = System.nanoTime();
            err.printf("Wrote the page's AlexNet as a Keras 2 .h5 (%,d bytes, weights seeded with %d) in %.1f s;%n",
                    Files.size(h5), AlexNetFixture.DEFAULT_SEED, (written - start) / 1e9);
            err.printf("converted it to a DL4J %s in %.1f s.%n",
                    model.isGraph() ? "ComputationGraph" : "MultiLayerNetwork", (converted - written) / 1e9);

            NetworkSummary summary = model.summary();
            KerasSummary page = KerasSummaryParser.parse(AlexNetFixture.pageSummary(), "the page's summary");
            Comparison comparison = KerasValidation.compare(page, "the page's summary", h5.toString(), summary);
            out.print(ComparisonText.render(summary, comparison));
            if (comparison.matches()) {
                out.println("Verdict: OK. All " + summary.layers().size() + " layers and the totals ("
                        + KerasTable.count(summary.totalParams()) + " params) match the page's summary.");
                return ExitCode.OK;
            }
            out.println("Verdict: MISMATCH with the page's summary:");
            comparison.problems().forEach(p -> out.println("  " + p));
            return ExitCode.MISMATCH;
        } finally {
            deleteRecursively(dir);
            AtomicFile.deleteTemporary(h5);
            AtomicFile.deleteTemporary(dir);
        }
    }

    /**
     * Deletes the directories of main jobs whose process no longer runs (killed outright, which no
     * shutdown hook survives): each holds up to 238 MiB.
     */
    private static void sweepStaleDirectories() {
        Path tmp = AtomicFile.temporaryDirectory();
        try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIRECTORY_PREFIX + "*")) {
            for (Path stale : dirs) {
                String rest = stale.getFileName().toString().substring(DIRECTORY_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit) || dash > 18
                        || !Files.isDirectory(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(rest.substring(0, dash));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
                    try (Stream<Path> files = Files.list(stale)) {
                        // only what a main job writes there: alexnet.h5 and its .partial files
                        if (files.allMatch(f -> f.getFileName().toString().startsWith("alexnet.h5")
                                || f.getFileName().toString().startsWith(".alexnet.h5."))) {
                            deleteRecursively(stale);
                        }
                    } catch (IOException | RuntimeException e) {
                        // someone else's, or gone meanwhile
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to sweep
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
