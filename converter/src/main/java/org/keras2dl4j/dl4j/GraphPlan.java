package org.keras2dl4j.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.blocks.CopyingActivation;
import org.keras2dl4j.dl4j.blocks.OpVertex;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.layers.Layers;
import org.keras2dl4j.keras.layers.Spatial;
import org.keras2dl4j.keras.layers.WeightSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A Keras model as a DL4J network, planned layer call by layer call from the toolkit's own Keras
 * description ({@link InferredModel}): each call's {@link org.keras2dl4j.keras.layers.LayerType}
 * adds its DL4J blocks through a {@link LayerBuild}, and the plan checks every call as it goes: the
 * output shape DL4J's own type propagation gives its blocks must be the one Keras gives the call,
 * every Keras weight must be used, and every DL4J parameter bound to values. The result is a
 * {@link ComputationGraphConfiguration} (and, for a Sequential model whose blocks form a chain of
 * layers, a {@link MultiLayerConfiguration}) with the {@link ParamBinding}s that fill its parameters.
 */
public final class GraphPlan {
    /** One block added to the graph. */
    record Block(String name, Layer layer, GraphVertex vertex, List<String> inputs, InputType type) {
        long numParams() {
            if (layer != null) {
                return layer.initializer().numParams(layer);
            }
            return vertex.numParams(true);
        }

        List<String> paramKeys() {
            if (layer != null) {
                return layer.initializer().numParams(layer) == 0 ? List.of() : layer.initializer().paramKeys(layer);
            }
            return vertex instanceof OpVertex op ? List.copyOf(op.paramShapes().keySet()) : List.of();
        }
    }

    private final InferredModel model;
    private final CNN2DFormat imageFormat;
    private final Map<String, InputType> networkInputs = new LinkedHashMap<>();
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final Map<String, Tensor> outputs = new HashMap<>();
    private final List<ParamBinding> bindings = new ArrayList<>();
    private final List<String> outputVertices = new ArrayList<>();

    private GraphPlan(InferredModel model) {
        this.model = model;
        this.imageFormat = imageFormat(model);
    }

    /**
     * Plans {@code model}'s DL4J network.
     *
     * @throws UnsupportedFeatureException naming the layer, its class and the option, when a layer
     *     cannot be built exactly
     */
    public static GraphPlan of(InferredModel model) {
        GraphPlan plan = new GraphPlan(model);
        for (InferredLayer layer : model.layers()) {
            plan.build(layer);
        }
        plan.finishOutputs();
        plan.protectSharedActivations();
        return plan;
    }

    public InferredModel model() {
        return model;
    }

    /** The network inputs, in the Keras model's input order, with their DL4J types. */
    public Map<String, InputType> inputs() {
        return networkInputs;
    }

    /** The vertices computing the network outputs, in the Keras model's output order. */
    public List<String> outputVertices() {
        return outputVertices;
    }

    public List<ParamBinding> bindings() {
        return bindings;
    }

    /** The DL4J blocks (layers and vertices) by name, in the order they were added. */
    Map<String, Block> blocks() {
        return blocks;
    }

    /** The total of DL4J's parameters. */
    public long parameterCount() {
        long n = 0;
        for (Block block : blocks.values()) {
            n = Math.addExact(n, block.numParams());
        }
        return n;
    }

    CNN2DFormat imageFormat() {
        return imageFormat;
    }

    private void build(InferredLayer layer) {
        LayerSpec spec = layer.layer();
        LayerConfig config = spec.fields(model.config().source(), model.config().kerasMajorVersion());
        List<Tensor> inputs = new ArrayList<>();
        if (spec.inbound().isEmpty() && !"InputLayer".equals(spec.className())) {
            // A Sequential model's first layer carrying batch_input_shape: Keras names its input "<layer>_input".
            Shape shape = layer.inputShapes().get(0);
            inputs.add(addNetworkInput(spec.name() + "_input", InputTypes.of(shape, imageFormat, config.where())));
        }
        for (String in : spec.inbound()) {
            Tensor t = outputs.get(in);
            if (t == null) {
                throw new InvalidModelException(config.where() + ": inbound layer '" + in + "' is not defined before it");
            }
            inputs.add(t);
        }
        LayerBuild build = new LayerBuild(this, layer, config, inputs);
        Layers.forLayer(spec).orElseThrow().build(build);
        Tensor result = build.result();
        if (result == null) {
            throw new IllegalStateException(config.where() + ": its descriptor added no block and named no output");
        }
        if (!sameShape(result.shape(), layer.outputShape())) {
            throw new UnsupportedFeatureException(config.where() + ": DL4J's network would compute activations of shape "
                    + result.shape() + " where Keras computes " + layer.outputShape()
                    + "; keras2dl4j does not convert this layer in this configuration");
        }
        for (WeightSpec weight : layer.kerasWeights()) {
            if (!build.usedWeights().contains(weight.name())) {
                throw new IllegalStateException(config.where() + ": weight '" + weight.name()
                        + "' is bound to no DL4J parameter");
            }
        }
        for (String vertex : build.added()) {
            checkBound(config, blocks.get(vertex));
        }
        outputs.put(spec.name(), result);
    }

    /** Every parameter of {@code block} bound exactly once: an unbound one would keep uninitialised memory. */
    private void checkBound(LayerConfig config, Block block) {
        List<String> keys = block.paramKeys();
        List<String> bound = bindings.stream().filter(b -> b.vertex().equals(block.name())).map(ParamBinding::param)
                .toList();
        if (!new HashSet<>(bound).equals(new HashSet<>(keys)) || bound.size() != keys.size()) {
            throw new IllegalStateException(config.where() + ": block '" + block.name() + "' has parameters " + keys
                    + " but binds " + bound);
        }
    }

    /** Keras's {@code None} matches DL4J's unknown; known dimensions must be equal. */
    private static boolean sameShape(Shape dl4j, Shape keras) {
        if (dl4j.rank() != keras.rank()) {
            return false;
        }
        for (int i = 1; i < keras.rank(); i++) {
            Long k = keras.dim(i);
            Long d = dl4j.dim(i);
            if (k != null && !k.equals(d)) {
                return false;
            }
        }
        return true;
    }

    Tensor addNetworkInput(String name, InputType type) {
        claim(name);
        networkInputs.put(name, type);
        return new Tensor(name, type);
    }

    void addLayer(String name, Layer layer, Tensor input, InputType type) {
        claim(name);
        layer.setLayerName(name);
        blocks.put(name, new Block(name, layer, null, List.of(input.vertex()), type));
    }

    void addVertex(String name, GraphVertex vertex, List<Tensor> inputs, InputType type) {
        claim(name);
        blocks.put(name, new Block(name, null, vertex, inputs.stream().map(Tensor::vertex).toList(), type));
    }

    void bind(ParamBinding binding) {
        bindings.add(binding);
    }

    private void claim(String name) {
        if (blocks.containsKey(name) || networkInputs.containsKey(name)) {
            throw new InvalidModelException(model.config().source() + ": two DL4J blocks would be named '" + name
                    + "' (rename the Keras layer of that name)");
        }
    }

    /**
     * The network's outputs: an output that is a network input, or that another output already
     * names, passes through an identity vertex so that each output has a vertex of its own.
     */
    private void finishOutputs() {
        for (String output : model.config().outputLayers()) {
            Tensor t = outputs.get(output);
            if (t == null) {
                throw new InvalidModelException(model.config().source() + ": the model's output layer '" + output
                        + "' is not one of its layers");
            }
            String vertex = t.vertex();
            if (networkInputs.containsKey(vertex) || outputVertices.contains(vertex)) {
                vertex = output + "/output";
                addVertex(vertex, new ScaleVertex(1.0), List.of(t), t.type());
            }
            outputVertices.add(vertex);
        }
    }

    /**
     * Replaces each DL4J {@code ActivationLayer} that reads a network input or activations other
     * blocks also read by a {@link CopyingActivation}: DL4J's applies its function in place.
     */
    private void protectSharedActivations() {
        Map<String, Integer> readers = new HashMap<>();
        for (Block block : blocks.values()) {
            block.inputs().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
        outputVertices.forEach(out -> readers.merge(out, 1, Integer::sum));
        for (Map.Entry<String, Block> entry : blocks.entrySet()) {
            Block block = entry.getValue();
            if (block.layer() instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer activation) {
                String in = block.inputs().get(0);
                if (networkInputs.containsKey(in) || readers.getOrDefault(in, 0) > 1) {
                    CopyingActivation copying = new CopyingActivation(activation.getActivationFn());
                    copying.setLayerName(block.name());
                    entry.setValue(new Block(block.name(), copying, null, block.inputs(), block.type()));
                }
            }
        }
    }

    /** The DL4J configuration of the graph; no parameters are allocated. */
    public ComputationGraphConfiguration graphConfiguration() {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).graphBuilder();
        graph.addInputs(networkInputs.keySet().toArray(new String[0]));
        for (Block block : blocks.values()) {
            String[] in = block.inputs().toArray(new String[0]);
            if (block.layer() != null) {
                graph.addLayer(block.name(), block.layer().clone(), in);
            } else {
                graph.addVertex(block.name(), block.vertex(), in);
            }
        }
        graph.setOutputs(outputVertices.toArray(new String[0]));
        graph.setInputTypes(networkInputs.values().toArray(new InputType[0]));
        ComputationGraphConfiguration conf = graph.build();
        checkTypes(conf);
        return conf;
    }

    /** DL4J's own shape propagation over the built configuration must give every block the type planned. */
    private void checkTypes(ComputationGraphConfiguration conf) {
        Map<String, InputType> types = conf.getLayerActivationTypes(false, false,
                networkInputs.values().toArray(new InputType[0]));
        for (Block block : blocks.values()) {
            InputType actual = types.get(block.name());
            if (!block.type().equals(actual)) {
                throw new IllegalStateException(model.config().source() + ": DL4J's configuration gives block '"
                        + block.name() + "' type " + actual + ", planned " + block.type());
            }
        }
    }

    /**
     * The configuration as a {@link MultiLayerConfiguration}, for a Sequential model whose blocks are a
     * chain of DL4J layers and reshapes from its one input; empty otherwise.
     */
    public Optional<MultiLayerConfiguration> multiLayerConfiguration() {
        if (!model.config().isSequential() || networkInputs.size() != 1 || outputVertices.size() != 1) {
            return Optional.empty();
        }
        String previous = networkInputs.keySet().iterator().next();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        List<InputPreProcessor> pending = new ArrayList<>();
        int index = 0;
        String last = null;
        for (Block block : blocks.values()) {
            if (!block.inputs().equals(List.of(previous))) {
                return Optional.empty();
            }
            if (block.layer() != null) {
                list.layer(index, block.layer().clone());
                if (pending.size() == 1) {
                    list.inputPreProcessor(index, pending.get(0));
                } else if (pending.size() > 1) {
                    list.inputPreProcessor(index, new ComposableInputPreProcessor(
                            pending.toArray(new InputPreProcessor[0])));
                }
                pending.clear();
                index++;
                last = block.name();
            } else if (block.vertex() instanceof PreprocessorVertex p) {
                pending.add(p.getPreProcessor());
            } else {
                return Optional.empty();
            }
            previous = block.name();
        }
        if (!pending.isEmpty() || index == 0 || !outputVertices.get(0).equals(last)) {
            return Optional.empty(); // the model ends with a reshape (Flatten), which a MultiLayerNetwork cannot
        }
        list.setInputType(networkInputs.values().iterator().next());
        return Optional.of(list.build());
    }

    /** Channels first when any of the model's spatial layers says so (Keras 1's dim_ordering 'th' too). */
    private static CNN2DFormat imageFormat(InferredModel model) {
        for (InferredLayer layer : model.layers()) {
            LayerConfig config = layer.layer().fields(model.config().source(), model.config().kerasMajorVersion());
            if ((config.has("data_format") || config.has("dim_ordering")) && !Spatial.channelsLast(config)) {
                return CNN2DFormat.NCHW;
            }
        }
        return CNN2DFormat.NHWC;
    }
}
