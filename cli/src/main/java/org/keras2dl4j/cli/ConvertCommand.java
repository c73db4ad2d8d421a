package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.TestVector;
import org.keras2dl4j.report.KerasTable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code convert MODEL [-w WEIGHTS] -o OUT.zip [--input X.npy --expected Y.npy [--atol A]] [--no-self-check]}:
 * writes the DL4J network with its weights and a self-check that loading re-runs: Keras's predictions
 * on X.npy when given (the conversion must match them first, else exit 1 and nothing is written),
 * otherwise a seeded random input with the outputs computed now.
 */
final class ConvertCommand implements Command {
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("OUT.zip")
            .desc("the DL4J network to write (ModelSerializer format)").build();

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "convert MODEL to a DL4J network zip that ModelSerializer and ComputationGraph.load read";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(OUTPUT).addOption(ModelRun.INPUT)
                .addOption(OutputCheck.EXPECTED).addOption(OutputCheck.ATOL).addOption(ModelRun.INPUT_SHAPE)
                .addOption(Option.builder().longOpt(ModelRun.NO_SELF_CHECK.getLongOpt())
                        .desc("store no test vector in the zip (and do not re-run one when MODEL is a zip)").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        Path model = Arguments.model(line);
        Path target = Arguments.output(line, OUTPUT);
        boolean selfCheck = !line.hasOption(ModelRun.NO_SELF_CHECK.getLongOpt());
        List<Path> inputFiles = line.hasOption(ModelRun.INPUT.getLongOpt()) ? ModelRun.inputFiles(line) : List.of();
        List<Path> expectedFiles = OutputCheck.expectedFiles(line);
        double atol = OutputCheck.atol(line);
        if (!expectedFiles.isEmpty() && inputFiles.isEmpty()) {
            throw new UsageException("--expected needs the --input it was predicted from");
        }
        if (!selfCheck && !inputFiles.isEmpty()) {
            throw new UsageException("--input/--expected make the self-check; they cannot go with --no-self-check");
        }
        INDArray[] arrays = ModelRun.read(inputFiles);
        ConvertedModel converted = inputFiles.isEmpty() ? ModelRun.load(line)
                : ModelRun.load(line, ModelRun.shapesOf(arrays));
        TestVector vector = null;
        if (!inputFiles.isEmpty()) {
            INDArray[] inputs = ModelRun.inputs(converted, inputFiles, arrays);
            INDArray[] actual = converted.outputs(inputs);
            if (expectedFiles.isEmpty()) {
                vector = new TestVector(Arrays.asList(inputs), Arrays.asList(actual), TestVector.CONVERSION, atol);
            } else {
                List<INDArray> expected = OutputCheck.expected(expectedFiles, actual);
                if (!OutputCheck.report(actual, expected, atol, out)) {
                    err.println(Cli.PROGRAM + ": " + Cli.oneLine(String.valueOf(model.getFileName()))
                            + ": the conversion does not compute Keras's predictions; nothing written");
                    return ExitCode.MISMATCH;
                }
                vector = new TestVector(Arrays.asList(inputs), expected, TestVector.KERAS, atol);
            }
        } else if (selfCheck) {
            vector = converted.testVector(ConvertedModel.SELF_CHECK_SEED);
        }
        converted.save(target, vector);
        out.println("Wrote " + target + ": " + (converted.isGraph() ? "ComputationGraph" : "MultiLayerNetwork")
                + ", " + converted.info().layers().size() + " layers, "
                + KerasTable.count(converted.summary().totalParams()) + " params"
                + (vector == null ? ", no self-check" : ", self-check: " + (TestVector.KERAS.equals(vector.origin())
                        ? "Keras's predictions" : "seeded input with the outputs at conversion")));
        return ExitCode.OK;
    }
}
