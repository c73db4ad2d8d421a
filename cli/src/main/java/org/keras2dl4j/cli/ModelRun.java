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
    static final Option INPUT_SHAPE = Option.builder().longOpt("input-shape").hasArg().argName("D1,D2,...")
            .desc("the size of each dimension but the batch of a model input, for the dimensions the Keras model "
                    + "leaves open (None), which DL4J needs, e.g. 224,224,3; repeat once per model input").build();

    private ModelRun() {
    }

    /**
     * Loads MODEL [-w WEIGHTS], re-running a zip's self-check unless --no-self-check is given, with
     * the model's open input dimensions sized by --input-shape, which must fit the model's inputs.
     */
    static ConvertedModel load(CommandLine line) throws UsageException {
        List<Shape> given = inputShapes(line);
        ConvertedModel model = load(line, given);
        List<Shape> shapes = model.inputShapes();
        if (!given.isEmpty() && given.size() != shapes.size()) {
            throw new UsageException("the model has " + shapes.size() + " input(s) " + model.info().inputNames()
                    + ", got " + given.size() + " --input-shape");
        }
        for (int i = 0; i < given.size(); i++) {
            if (!ConvertedModel.fits(shapes.get(i), withBatch(given.get(i)))) {
                throw new Keras2Dl4jException(model.source() + ": --input-shape " + given.get(i)
                        + " does not fit the model's input '" + model.info().inputNames().get(i) + "' "
                        + shapes.get(i));
            }
        }
        return model;
    }

    private static long[] withBatch(Shape shape) {
        long[] dims = new long[shape.rank()];
        dims[0] = 1;
        for (int d = 1; d < dims.length; d++) {
            dims[d] = shape.dim(d);
        }
        return dims;
    }

    /**
     * Like {@link #load(CommandLine)}, the model's open input dimensions sized as {@code inputShapes}.
     * Once loaded, the model files are read: an isolated run's watchdog stops here ({@link ReadingStatus}).
     */
    static ConvertedModel load(CommandLine line, List<Shape> inputShapes) throws UsageException {
        Path model = Arguments.model(line);
        Path weights = Arguments.weights(line);
        ConvertedModel converted = KerasModels.load(model, weights,
                line.hasOption(NO_SELF_CHECK.getLongOpt()) ? SelfCheck.SKIP : SelfCheck.RUN,
                ReadingStatus.observe(TerminalProgress.forConsole()), inputShapes);
        ReadingStatus.finishedReading();
        return converted;
    }

    /** The --input-shape values, batch first ({@code None} batch); empty when none is given. */
    static List<Shape> inputShapes(CommandLine line) throws UsageException {
        String[] values = line.getOptionValues(INPUT_SHAPE.getLongOpt());
        List<Shape> shapes = new ArrayList<>();
        if (values == null) {
            return shapes;
        }
        for (String value : values) {
            List<Long> dims = new ArrayList<>();
            dims.add(Shape.NONE);
            for (String d : value.split(",")) {
                try {
                    long n = Long.parseLong(d.trim());
                    if (n <= 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(n);
                } catch (NumberFormatException e) {
                    throw new UsageException("--input-shape takes positive sizes separated by commas (224,224,3), got '"
                            + value + "'");
                }
            }
            shapes.add(new Shape(dims));
        }
        return shapes;
    }

    /** The Keras shapes of {@code arrays} with their batch dimension open, to size a model's open inputs. */
    static List<Shape> shapesOf(INDArray[] arrays) {
        List<Shape> shapes = new ArrayList<>();
        for (INDArray array : arrays) {
            List<Long> dims = new ArrayList<>(Shape.fromArray(array.shape()).dims());
            dims.set(0, Shape.NONE);
            shapes.add(new Shape(dims));
        }
        return shapes;
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

    /** The arrays in {@code files}, as read. */
    static INDArray[] read(List<Path> files) {
        INDArray[] arrays = new INDArray[files.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = Npy.read(files.get(i));
        }
        return arrays;
    }

    /**
     * {@code arrays} (read from {@code files}), one per input of {@code model}, each checked against
     * the model's input shape.
     *
     * @throws UsageException when the number of files is not the number of model inputs
     * @throws Keras2Dl4jException when an array's shape does not fit (exit 3)
     */
    static INDArray[] inputs(ConvertedModel model, List<Path> files, INDArray[] arrays) throws UsageException {
        List<Shape> shapes = model.inputShapes();
        if (files.size() != shapes.size()) {
            throw new UsageException("the model has " + shapes.size() + " input" + (shapes.size() == 1 ? "" : "s")
                    + " " + model.info().inputNames() + ", got " + files.size() + " --input file"
                    + (files.size() == 1 ? "" : "s"));
        }
        for (int i = 0; i < arrays.length; i++) {
            Path file = files.get(i);
            if (!ConvertedModel.fits(shapes.get(i), arrays[i].shape())) {
                throw new Keras2Dl4jException(file.getFileName() + ": has shape " + Npy.shapeText(arrays[i].shape())
                        + ", but the model's input '" + model.info().inputNames().get(i) + "' takes " + shapes.get(i)
                        + " (batch first, in Keras's layout)");
            }
        }
        return arrays;
    }
}
