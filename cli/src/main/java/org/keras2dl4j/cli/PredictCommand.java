package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code predict MODEL [-w WEIGHTS] --input X.npy --output Y.npy}: Keras's {@code model.predict} on the
 * converted network. Multi-output models take one {@code --output} per output, in the model's output
 * order; every file is written all or nothing, and none is written unless all outputs were computed.
 */
final class PredictCommand implements Command {
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("Y.npy")
            .desc("where to write the predictions (float32 .npy); repeat once per model output").build();

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "run the converted MODEL on X.npy and write its outputs as .npy, as Keras's predict";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(ModelRun.INPUT).addOption(OUTPUT)
                .addOption(ModelRun.NO_SELF_CHECK);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        List<Path> inputFiles = ModelRun.inputFiles(line);
        String[] outputValues = line.getOptionValues(OUTPUT.getLongOpt());
        if (outputValues == null) {
            throw new UsageException("missing --output Y.npy");
        }
        List<Path> outputFiles = new ArrayList<>();
        for (String value : outputValues) {
            Path file = Arguments.outputPath(line, value, OUTPUT);
            for (Path other : outputFiles) {
                if (other.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                    throw UsageException.aboutFile(Arguments.flag(OUTPUT) + " '" + value
                            + "' is given twice; each output needs its own file");
                }
            }
            outputFiles.add(file);
        }
        INDArray[] arrays = ModelRun.read(inputFiles);
        ConvertedModel model = ModelRun.load(line, ModelRun.shapesOf(arrays));
        INDArray[] outputs = model.outputs(ModelRun.inputs(model, inputFiles, arrays));
        if (outputs.length != outputFiles.size()) {
            throw new UsageException("the model has " + outputs.length + " outputs, got " + outputFiles.size()
                    + " --output file" + (outputFiles.size() == 1 ? "" : "s"));
        }
        for (int i = 0; i < outputs.length; i++) {
            Npy.write(outputFiles.get(i), outputs[i]);
            out.println("Wrote " + outputFiles.get(i) + ": float32 " + Npy.shapeText(outputs[i].shape()));
        }
        return ExitCode.OK;
    }
}
