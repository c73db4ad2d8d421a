package org.keras2dl4j.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.blocks.KerasReshape;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.layers.WeightSpec;
import org.nd4j.linalg.activations.IActivation;

/**
 * What a layer descriptor ({@link org.keras2dl4j.keras.layers.LayerType#build}) works with when it
 * turns one Keras layer call into DL4J blocks: the call's config, its input activations, the output
 * shape and weights Keras gives it; and the means to add DL4J layers and vertices (named after the
 * call: the block that computes its output gets the call's name, helpers {@code name/part}), to
 * give activations another shape or DL4J type, and to say where each DL4J parameter's values come
 * from. {@link GraphPlan} checks what comes out against Keras: the output's shape, and that every
 * Keras weight is used and every DL4J parameter bound.
 */
public final class LayerBuild {
    private final GraphPlan plan;
    private final InferredLayer layer;
    private final LayerConfig config;
    private final List<Tensor> inputs;
    private final List<String> added;
    private final Set<String> usedWeights;
    private Tensor output;

    LayerBuild(GraphPlan plan, InferredLayer layer, LayerConfig config, List<Tensor> inputs) {
        this(plan, layer, config, inputs, new ArrayList<>(), new LinkedHashSet<>());
    }

    private LayerBuild(GraphPlan plan, InferredLayer layer, LayerConfig config, List<Tensor> inputs, List<String> added,
            Set<String> usedWeights) {
        this.plan = plan;
        this.layer = layer;
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.added = added;
        this.usedWeights = usedWeights;
    }

    /**
     * Builds the call as the layer another layer wraps ({@code TimeDistributed(Dense)}) would:
     * {@code body} sees the wrapped layer's config, and adds its blocks under this call's name.
     */
    public void wrapping(LayerConfig wrapped, java.util.function.Consumer<LayerBuild> body) {
        LayerBuild inner = new LayerBuild(plan, layer, wrapped, inputs, added, usedWeights);
        body.accept(inner);
        output = inner.output;
    }

    /** The call's config fields, whose errors name the file and the layer. */
    public LayerConfig config() {
        return config;
    }

    /** The call's name, which the block computing its output gets. */
    public String name() {
        return layer.layer().name();
    }

    /** {@code file: layer 'x' (Class)}, for messages. */
    public String where() {
        return config.where();
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    /** The single input of a single-input layer. */
    public Tensor input() {
        if (inputs.size() != 1) {
            throw new InvalidModelException(where() + ": expects 1 input, found " + inputs.size());
        }
        return inputs.get(0);
    }

    /** The output shape Keras gives the call. */
    public Shape outputShape() {
        return layer.outputShape();
    }

    /** The layer's weights in Keras 2/3's names and shapes. */
    public List<WeightSpec> weights() {
        return layer.kerasWeights();
    }

    public boolean hasWeight(String name) {
        return layer.kerasWeights().stream().anyMatch(w -> w.name().equals(name));
    }

    /** The shape of weight {@code name}. */
    public Shape weightShape(String name) {
        return layer.kerasWeights().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(where() + " has no weight " + name)).shape();
    }

    /** The Keras version's meaning of activation field {@code field}, over activations of {@code rank}. */
    public IActivation activation(String field, int rank) {
        return Activations.of(config, field, rank);
    }

    /** The layout the model's images take: channels first when its spatial layers say so. */
    public CNN2DFormat imageFormat() {
        return plan.imageFormat();
    }

    /** A network input named after this call, of DL4J type {@code type}. */
    public Tensor networkInput(InputType type) {
        Tensor t = plan.addNetworkInput(name(), type);
        output = t;
        return t;
    }

    /** Adds DL4J layer {@code dl4jLayer} fed by {@code input}, named after the call. */
    public Tensor layer(Layer dl4jLayer, Tensor input) {
        return layer(null, dl4jLayer, input);
    }

    /** Adds DL4J layer {@code dl4jLayer} named {@code name/part} (the call's name when part is null). */
    public Tensor layer(String part, Layer dl4jLayer, Tensor input) {
        String vertex = vertexName(part);
        InputPreProcessor wanted = dl4jLayer.getPreProcessorForInputType(input.type());
        if (wanted != null) {
            throw new UnsupportedFeatureException(where() + ": cannot be built for input " + input.shape()
                    + " (DL4J's " + dl4jLayer.getClass().getSimpleName() + " would reshape it with " + wanted + ")");
        }
        dl4jLayer.setNIn(input.type(), true);
        InputType type = dl4jLayer.getOutputType(-1, input.type());
        plan.addLayer(vertex, dl4jLayer, input, type);
        added.add(vertex);
        output = new Tensor(vertex, type);
        return output;
    }

    /** Adds graph vertex {@code vertex} named {@code name/part} (the call's name when part is null). */
    public Tensor vertex(String part, GraphVertex vertex, Tensor... from) {
        String name = vertexName(part);
        InputType[] types = new InputType[from.length];
        for (int i = 0; i < from.length; i++) {
            types[i] = from[i].type();
        }
        InputType type = vertex.getOutputType(-1, types);
        plan.addVertex(name, vertex, List.of(from), type);
        added.add(name);
        output = new Tensor(name, type);
        return output;
    }

    /**
     * The activations of {@code t} permuted ({@code permutation}: the non-batch axes in their new
     * order, or null) and reshaped row-major to {@code shape} (batch first), as DL4J type
     * {@code type}; {@code t} itself when nothing changes.
     */
    public Tensor reshape(String part, Tensor t, int[] permutation, Shape shape, InputType type) {
        if (permutation == null && t.shape().equals(shape) && t.type().equals(type)) {
            return t;
        }
        long[] dims = shape.withoutBatch().isFullyKnown() ? shape.withoutBatch().toArray() : null;
        if (dims == null) {
            dims = new long[shape.rank() - 1];
            for (int i = 1; i < shape.rank(); i++) {
                dims[i - 1] = shape.dim(i) == null ? -1 : shape.dim(i);
            }
        }
        return vertex(part, new org.deeplearning4j.nn.conf.graph.PreprocessorVertex(
                new KerasReshape(permutation, dims, type)), t);
    }

    /** {@code t} as DL4J type {@code type} describing the same array (no data moves). */
    public Tensor as(Tensor t, InputType type, String part) {
        if (t.type().equals(type)) {
            return t;
        }
        if (!InputTypes.toKerasShape(type).equals(t.shape())) {
            throw new IllegalStateException(where() + ": cannot read " + t.shape() + " as " + type);
        }
        return reshape(part, t, null, t.shape(), type);
    }

    /** {@code t} as an image in {@code format}: the same array, read by DL4J as that layout. */
    public Tensor asImage(Tensor t, CNN2DFormat format) {
        if (t.rank() != 4) {
            throw new InvalidModelException(where() + ": expects images (rank-4 inputs, batch first), found "
                    + t.shape());
        }
        return as(t, InputTypes.of(t.shape(), format, where()), "as_" + format.name().toLowerCase());
    }

    /** {@code t} as a sequence (batch, steps, features). */
    public Tensor asSequence(Tensor t) {
        if (t.rank() != 3) {
            throw new InvalidModelException(where() + ": expects sequences (rank-3 inputs, batch first), found "
                    + t.shape());
        }
        return as(t, InputTypes.of(t.shape(), CNN2DFormat.NHWC, where()), "as_sequence");
    }

    /** Marks {@code t} as the call's output (by default, the last block added). */
    public void output(Tensor t) {
        output = t;
    }

    /** The call computes its input: no block. */
    public void identity() {
        output = input();
    }

    Tensor result() {
        return output;
    }

    List<String> added() {
        return added;
    }

    Set<String> usedWeights() {
        return usedWeights;
    }

    /** Parameter {@code param} of block {@code block} takes its values from {@code source}. */
    public void bind(Tensor block, String param, ParamSource source) {
        if (!added.contains(block.vertex())) {
            throw new IllegalStateException(where() + ": binds a parameter of a block it did not add: " + block.vertex());
        }
        if (source.weight() != null) {
            usedWeights.add(source.weight());
        }
        plan.bind(new ParamBinding(layer.layer().weightOwner(), block.vertex(), param, source));
    }

    /** Keras weights this call reads in a combined {@link ParamSource#weights} binding, or does not need. */
    public void uses(String... weights) {
        usedWeights.addAll(List.of(weights));
    }

    /** An option of this layer keras2dl4j cannot convert exactly. */
    public UnsupportedFeatureException unsupported(String what) {
        return new UnsupportedFeatureException(where() + ": " + what);
    }

    private String vertexName(String part) {
        return part == null ? name() : name() + "/" + part;
    }
}
