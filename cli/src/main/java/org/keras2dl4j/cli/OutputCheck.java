package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.OutputDifference;
import org.keras2dl4j.TestVector;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code --expected}/{@code --atol} options and the comparison of the network's outputs with
 * Keras's, shared by {@code verify} and {@code convert}: for each output the maximum absolute and
 * relative difference, with the position (index tuple, batch first) and both values of the worst
 * element.
 */
final class OutputCheck {
    static final Option EXPECTED = Option.builder().longOpt("expected").hasArg().argName("Y.npy")
            .desc("Keras's predictions for the --input batch as .npy; repeat once per model output, in the "
                    + "model's output order").build();
    static final Option ATOL = Option.builder().longOpt("atol").hasArg().argName("ATOL")
            .desc("largest absolute difference accepted (default 1e-4)").build();

    private OutputCheck() {
    }

    /** The --expected files, each existing, or an empty list when the option is absent. */
    static List<Path> expectedFiles(CommandLine line) throws UsageException {
        String[] values = line.getOptionValues(EXPECTED.getLongOpt());
        List<Path> files = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                files.add(Arguments.existing(value, "--expected"));
            }
        }
        return files;
    }

    static double atol(CommandLine line) throws UsageException {
        String value = line.getOptionValue(ATOL.getLongOpt());
        if (value == null) {
            return TestVector.DEFAULT_TOLERANCE;
        }
        try {
            double atol = Double.parseDouble(value);
            if (atol >= 0 && Double.isFinite(atol)) {
                return atol;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--atol must be a number of zero or more, not '" + value + "'");
    }

    /**
     * Reads the expected arrays, one per output of the network.
     *
     * @throws UsageException when the number of files is not the number of outputs
     * @throws Keras2Dl4jException when a file cannot be read or its shape is not the output's (exit 3)
     */
    static List<INDArray> expected(List<Path> files, INDArray[] actual) throws UsageException {
        if (files.size() != actual.length) {
            throw new UsageException("the model has " + actual.length + " output" + (actual.length == 1 ? "" : "s")
                    + ", got " + files.size() + " --expected file" + (files.size() == 1 ? "" : "s"));
        }
        List<INDArray> expected = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            INDArray array = Npy.read(files.get(i));
            if (!Arrays.equals(array.shape(), actual[i].shape())) {
                throw new Keras2Dl4jException(files.get(i).getFileName() + ": has shape " + Npy.shapeText(array.shape())
                        + ", but the model's output " + i + " for this input has shape "
                        + Npy.shapeText(actual[i].shape()));
            }
            expected.add(array);
        }
        return expected;
    }

    /** Prints the comparison and returns whether every output is within {@code atol}. */
    static boolean report(INDArray[] actual, List<INDArray> expected, double atol, PrintStream out) {
        boolean ok = true;
        String worst = null;
        for (int i = 0; i < actual.length; i++) {
            OutputDifference d = OutputDifference.of(actual[i], expected.get(i));
            out.printf(Locale.ROOT, "Output %d: shape %s, %d values%n", i, Npy.shapeText(d.shape()),
                    actual[i].length());
            out.printf(Locale.ROOT, "  max absolute difference %.3e at %s (DL4J %.8g, Keras %.8g)%n", d.maxAbsolute(),
                    OutputDifference.indexText(d.worstIndex()), d.actualAtWorst(), d.expectedAtWorst());
            out.printf(Locale.ROOT, "  max relative difference %.3e at %s%n", d.maxRelative(),
                    OutputDifference.indexText(d.worstRelativeIndex()));
            if (!d.within(atol) && ok) {
                ok = false;
                worst = String.format(Locale.ROOT, "output %d differs from Keras's by %.3e at %s (DL4J %.8g, Keras %.8g)",
                        i, d.maxAbsolute(), OutputDifference.indexText(d.worstIndex()), d.actualAtWorst(),
                        d.expectedAtWorst());
            }
        }
        if (ok) {
            out.printf(Locale.ROOT, "OK: every output is within atol %.1e of Keras's.%n", atol);
        } else {
            out.printf(Locale.ROOT, "MISMATCH: %s, more than atol %.1e.%n", worst, atol);
        }
        return ok;
    }
}
