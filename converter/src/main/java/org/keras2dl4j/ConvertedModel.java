package org.keras2dl4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.dl4j.Dl4jNetwork;
import org.keras2dl4j.dl4j.ModelInfo;
import org.keras2dl4j.dl4j.NetworkArchive;
import org.keras2dl4j.inference.InferenceEngine;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Keras model converted to a DL4J network with its weights, ready for {@link #output}. Functional
 * models are {@link ComputationGraph}s, Sequential models {@link MultiLayerNetwork}s. Inputs and
 * outputs use Keras's layout: batch first, channels last for images ({@code [n, 224, 224, 3]}).
 */
public final class ConvertedModel {
    /** The seed of the random input {@link #save(Path)} stores as the self-check. */
    public static final long SELF_CHECK_SEED = 20240607L;
    /** Length given to dimensions other than the batch that the model leaves open (None). */
    private static final long OPEN_DIMENSION = 8;

    private final Dl4jNetwork network;
    /** The name of the file the model was loaded from, which errors name (see {@link #source()}). */
    private final String source;
    /** The fast forward pass, or empty when the network has a layer it does not run. */
    private final Optional<InferenceEngine> engine;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConvertedModel.class);

    /** A model converted from a Keras file: errors name that file. */
    ConvertedModel(Dl4jNetwork network) {
        this(network, network.info().sourceFile());
    }

    /** A model loaded from {@code source} (a {@code .zip} written by {@link #save}): errors name it. */
    ConvertedModel(Dl4jNetwork network, String source) {
        this.network = network;
        this.source = source;
        this.engine = InferenceEngine.of(network.network());
        if (engine.isPresent()) {
            LOG.info("{}: inference runs on keras2dl4j's engine", source);
        } else {
            LOG.info("{}: inference runs on DL4J's forward pass: the engine has no step for {}",
                    source, InferenceEngine.unsupportedReason(network.network()).orElse("?"));
        }
    }

    /**
     * The name of the file this model was loaded from, as errors about it name it: the Keras file it
     * was converted from, or the {@code .zip} it was read from (whose Keras file is
     * {@code info().sourceFile()}).
     */
    public String source() {
        return source;
    }

    /** The DL4J network: a {@link ComputationGraph} or a {@link MultiLayerNetwork}. */
    public Model network() {
        return network.network();
    }

    public boolean isGraph() {
        return network.network() instanceof ComputationGraph;
    }

    /** The network as a graph; fails for a Sequential model (see {@link #isGraph()}). */
    public ComputationGraph graph() {
        if (!isGraph()) {
            throw new IllegalStateException("a Sequential model converts to a MultiLayerNetwork, not a graph");
        }
        return (ComputationGraph) network.network();
    }

    /** The network of a Sequential model; fails for a functional model (see {@link #isGraph()}). */
    public MultiLayerNetwork multiLayerNetwork() {
        if (isGraph()) {
            throw new IllegalStateException("a functional model converts to a ComputationGraph");
        }
        return (MultiLayerNetwork) network.network();
    }

    /** The Keras side: source file, Keras version, layer names and classes. */
    public ModelInfo info() {
        return network.info();
    }

    /**
     * The shapes the model's inputs take, batch first ({@code None} for the batch and any open
     * dimension), in the order of the Keras model's inputs: {@code (None, 224, 224, 3)}.
     */
    public List<Shape> inputShapes() {
        return network.inputShapes();
    }

    /**
     * Runs inference (dropout off, BatchNormalization with its moving statistics) and returns the
     * outputs in the order of the Keras model's outputs: through the {@link InferenceEngine} when it
     * runs this network ({@link #fastInference()}), else through DL4J's forward pass.
     *
     * @throws Keras2Dl4jException when the number of inputs or an input's shape does not fit the model
     */
    public INDArray[] outputs(INDArray... inputs) {
        if (engine.isEmpty()) {
            return dl4jOutputs(inputs);
        }
        checkInputs(inputs);
        try {
            return engine.get().outputs(inputs);
        } catch (IllegalArgumentException e) {
            // Input the model cannot compute with (a token id beyond an Embedding's vocabulary).
            throw new Keras2Dl4jException(source + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Whether {@link #outputs} runs the {@link InferenceEngine} rather than DL4J's forward pass. */
    public boolean fastInference() {
        return engine.isPresent();
    }

    /** The outputs of DL4J's own forward pass, whether or not {@link #outputs} runs the engine. */
    public INDArray[] dl4jOutputs(INDArray... inputs) {
        checkInputs(inputs);
        try {
            INDArray[] outputs = isGraph() ? graph().output(false, inputs)
                    : new INDArray[] {multiLayerNetwork().output(inputs[0], false)};
            return outputs;
        } catch (RuntimeException e) {
            // DL4J's import can configure a network that its own forward pass then rejects (mixed
            // channels_first/channels_last layouts, Embedding input types).
            throw new UnsupportedFeatureException(source + ": the DL4J network converted from it cannot "
                    + "run (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", e);
        }
    }

    private void checkInputs(INDArray... inputs) {
        List<Shape> shapes = inputShapes();
        if (inputs.length != shapes.size()) {
            throw new Keras2Dl4jException(source + ": the model takes " + shapes.size() + " input"
                    + (shapes.size() == 1 ? "" : "s") + ", got " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!fits(shapes.get(i), inputs[i].shape())) {
                throw new Keras2Dl4jException(source + ": input " + i + " ('" + info().inputNames().get(i)
                        + "') has shape " + Shape.fromArray(inputs[i].shape()) + ", the model takes "
                        + shapes.get(i));
            }
        }
    }

    /** Whether an array of shape {@code actual} fits {@code expected}, whose {@code None} dimensions fit any. */
    public static boolean fits(Shape expected, long[] actual) {
        if (expected.rank() != actual.length) {
            return false;
        }
        for (int d = 0; d < actual.length; d++) {
            Long e = expected.dim(d);
            if (e != null && e != actual[d]) {
                return false;
            }
        }
        return true;
    }

    /** The output of a single-output model. */
    public INDArray output(INDArray... inputs) {
        INDArray[] outputs = outputs(inputs);
        if (outputs.length != 1) {
            throw new IllegalStateException("the model has " + outputs.length + " outputs; use outputs(...)");
        }
        return outputs[0];
    }

    /** The Keras summary of the model, as the conversion checked it against the DL4J network. */
    public NetworkSummary summary() {
        return network.summary();
    }

    /**
     * A test vector of this network: a seeded uniform random batch of 1 for each input (open
     * dimensions get length 8) and the outputs the network computes from it now.
     */
    public TestVector testVector(long seed) {
        Random random = new Random(seed);
        List<INDArray> inputs = new ArrayList<>();
        for (Shape shape : inputShapes()) {
            long[] dims = new long[shape.rank()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = d == 0 ? 1 : shape.dim(d) == null ? OPEN_DIMENSION : shape.dim(d);
            }
            float[] values = new float[Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat();
            }
            inputs.add(Nd4j.create(values, dims, 'c'));
        }
        INDArray[] outputs = outputs(inputs.toArray(new INDArray[0]));
        List<INDArray> copies = Arrays.stream(outputs).map(o -> o.castTo(DataType.FLOAT).dup('c')).toList();
        return new TestVector(inputs, copies, TestVector.CONVERSION, TestVector.DEFAULT_TOLERANCE);
    }

    /**
     * Runs {@code vector}'s inputs and throws when an output differs from the stored one by more than
     * its tolerance, naming the output, the position, both values and the difference.
     *
     * @throws InvalidModelException on a difference beyond the tolerance
     */
    public void check(TestVector vector, String what) {
        INDArray[] outputs = outputs(vector.inputs().toArray(new INDArray[0]));
        if (outputs.length != vector.outputs().size()) {
            throw new InvalidModelException(what + ": self-check failed: the network has " + outputs.length
                    + " outputs, the test vector " + vector.outputs().size());
        }
        for (int i = 0; i < outputs.length; i++) {
            INDArray expected = vector.outputs().get(i);
            if (!Arrays.equals(outputs[i].shape(), expected.shape())) {
                throw new InvalidModelException(what + ": self-check failed: output " + i + " has shape "
                        + Shape.fromArray(outputs[i].shape()) + ", the test vector's " + Shape.fromArray(expected.shape()));
            }
            OutputDifference difference = OutputDifference.of(outputs[i], expected);
            if (!difference.within(vector.tolerance())) {
                throw new InvalidModelException(what + ": self-check failed: output " + i + " at "
                        + OutputDifference.indexText(difference.worstIndex()) + " is " + difference.actualAtWorst()
                        + ", the stored test vector (" + vector.origin() + ") says " + difference.expectedAtWorst()
                        + " (difference " + difference.maxAbsolute() + " > tolerance " + vector.tolerance() + ")");
            }
        }
    }

    /**
     * Saves the network as a zip that DL4J's {@code ModelSerializer} and {@code ComputationGraph.load}
     * read, and {@link KerasModels#load(Path)} reads back with its Keras side, with a self-check: a
     * seeded random input and the output computed from it now ({@link #testVector}), which
     * {@link KerasModels#load(Path)} re-runs. All or nothing.
     */
    public void save(Path zip) {
        save(zip, testVector(SELF_CHECK_SEED));
    }

    /**
     * Saves the network with {@code testVector} as its self-check (for example Keras's own
     * predictions on a given input), or with none when it is null. All or nothing.
     */
    public void save(Path zip, TestVector testVector) {
        NetworkArchive.write(network.network(), network.info(), testVector, zip);
    }
}
