package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.keras2dl4j.ConvertedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code verify MODEL [-w WEIGHTS] --input X.npy --expected Y.npy [--atol 1e-4]}: runs the converted
 * network on Keras's input and compares its outputs with Keras's predictions. Exit 1 when an element
 * differs by more than {@code --atol}; exit 3 when an array does not fit the model.
 */
final class VerifyCommand implements Command {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "check that the converted MODEL computes Keras's predictions Y.npy from X.npy";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(ModelRun.INPUT).addOption(OutputCheck.EXPECTED)
                .addOption(OutputCheck.ATOL).addOption(ModelRun.NO_SELF_CHECK);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        List<Path> inputFiles = ModelRun.inputFiles(line);
        List<Path> expectedFiles = OutputCheck.expectedFiles(line);
        if (expectedFiles.isEmpty()) {
            throw new UsageException("missing --expected Y.npy");
        }
        double atol = OutputCheck.atol(line);
        INDArray[] arrays = ModelRun.read(inputFiles);
        ConvertedModel model = ModelRun.load(line, ModelRun.shapesOf(arrays));
        INDArray[] actual = model.outputs(ModelRun.inputs(model, inputFiles, arrays));
        List<INDArray> expected = OutputCheck.expected(expectedFiles, actual);
        return OutputCheck.report(actual, expected, atol, out) ? ExitCode.OK : ExitCode.MISMATCH;
    }
}
