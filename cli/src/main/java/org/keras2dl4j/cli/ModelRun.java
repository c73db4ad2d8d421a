package org.keras2dl4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.SelfCheck;
import org.keras2dl4j.io.Npy;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@code verify}, {@code predict} and {@code convert} share: the {@code --input} arrays (one per
 * model input, in the model's input order, in Keras's layout), read and checked against the model's
 * input shapes with the file named in every error, and {@code --no-self-check}.
 */
final class ModelRun {
    static final Option INPUT = Option.builder().longOpt("input").hasArg().argName("X.npy")
            .desc("input batch as .npy in Keras's layout (batch first, channels last; float32 or float64); "
                    + "repeat once per model input, in the model's input order").build();
    static final Option NO_SELF_CHECK = Option.builder().longOpt("no-self-check")
            .desc("do not re-run the test vector stored in a converted .zip").build();

    private ModelRun() {
    }

    /** Loads MODEL [-w WEIGHTS], re-running a zip's self-check unless --no-self-check is given. */
    static ConvertedModel load(CommandLine line) throws UsageException {
        Path model = Arguments.model(line);
        Path weights = Arguments.weights(line);
        return KerasModels.load(model, weights,
                line.hasOption(NO_SELF_CHECK.getLongOpt()) ? SelfCheck.SKIP : SelfCheck.RUN, TerminalProgress.forConsole());
    }

    /** The --input files, each existing. */
    static List<Path> inputFiles(CommandLine line) throws UsageException {
        String[] values = line.getOptionValues(INPUT.getLongOpt());
        if (values == null) {
            throw new UsageException("missing --input X.npy");
        }
        List<Path> files = new ArrayList<>();
        for (String value : values) {
            files.add(Arguments.existing(value, "--input"));
        }
        return files;
    }

    /**
     * The arrays in {@code files}, one per input of {@code model}, each checked against the model's
     * input shape.
     *
     * @throws UsageException when the number of files is not the number of model inputs
     * @throws Keras2Dl4jException when a file cannot be read or its shape does not fit (exit 3)
     */
    static INDArray[] inputs(ConvertedModel model, List<Path> files) throws UsageException {
        List<Shape> shapes = model.inputShapes();
        if (files.size() != shapes.size()) {
            throw new UsageException("the model has " + shapes.size() + " input" + (shapes.size() == 1 ? "" : "s")
                    + " " + model.info().inputNames() + ", got " + files.size() + " --input file"
                    + (files.size() == 1 ? "" : "s"));
        }
        INDArray[] arrays = new INDArray[files.size()];
        for (int i = 0; i < arrays.length; i++) {
            Path file = files.get(i);
            arrays[i] = Npy.read(file);
            if (!ConvertedModel.fits(shapes.get(i), arrays[i].shape())) {
                throw new Keras2Dl4jException(file.getFileName() + ": has shape " + Npy.shapeText(arrays[i].shape())
                        + ", but the model's input '" + model.info().inputNames().get(i) + "' takes " + shapes.get(i)
                        + " (batch first, in Keras's layout)");
            }
        }
        return arrays;
    }
}
