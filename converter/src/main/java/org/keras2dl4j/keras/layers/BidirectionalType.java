package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.TimeReverse;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Bidirectional(LSTM|GRU|SimpleRNN)}: the wrapped layer run forward and a copy run
 * backward ({@code go_backwards}), the backward outputs put back in step order when sequences are
 * returned, then merged ({@code merge_mode}: concat, the default, sum, mul, ave;
 * keras/src/layers/rnn/bidirectional.py). Weights: the forward layer's, then the backward one's,
 * stored as {@code forward_<layer>/<cell>/kernel} in {@code .h5} files (also without the cell scope,
 * Keras 2.0 to 2.2) and in the {@code forward_layer}/{@code backward_layer} objects of a Keras 3 archive.
 * In DL4J: the two recurrent layers' blocks ({@link RecurrentType}), a {@link TimeReverse} and a merge vertex.
 */
final class BidirectionalType implements LayerType {
    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape single = recurrent(wrapped(layer, "layer")).outputShape(wrapped(layer, "layer"), inputs);
        String mode = mergeMode(layer);
        if (!mode.equals("concat")) {
            return single;
        }
        List<Long> dims = new ArrayList<>(single.dims());
        dims.set(dims.size() - 1, 2 * single.dim(-1));
        return new Shape(dims);
    }

    private static String mergeMode(LayerConfig layer) {
        String mode = layer.string("merge_mode", "concat");
        if (!List.of("concat", "sum", "mul", "ave").contains(mode)) {
            throw new UnsupportedFeatureException(layer.where() + ": merge_mode '" + mode
                    + "' is not supported (concat, sum, mul and ave are)");
        }
        return mode;
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        List<WeightSpec> weights = new ArrayList<>();
        for (String direction : List.of("forward", "backward")) {
            LayerConfig inner = wrapped(layer, direction.equals("backward") && layer.has("backward_layer")
                    ? "backward_layer" : "layer");
            String innerName = inner.layer().config().path("name").asText(inner.layer().className().toLowerCase());
            String cell = cellScope(inner.layer().className());
            int index = 0;
            for (WeightSpec w : recurrent(inner).weights(inner, inputs)) {
                weights.add(new WeightSpec(direction + "/" + w.name(), w.shape(), w.trainable(), List.of(
                        direction + "_" + innerName + "/" + cell + "/" + w.name(),
                        direction + "_" + innerName + "/" + w.name(),
                        direction + "_layer/cell/vars/" + index++)));
            }
        }
        return weights;
    }

    private static RecurrentType recurrent(LayerConfig inner) {
        return (RecurrentType) Layers.forLayer(inner.layer()).orElseThrow();
    }

    /** tf_keras/src/layers/rnn: the variable scope of each cell. */
    private static String cellScope(String className) {
        return switch (className) {
            case "LSTM" -> "lstm_cell";
            case "GRU" -> "gru_cell";
            default -> "simple_rnn_cell";
        };
    }

    /** The wrapped layer's config (field {@code field}), with the wrapper's trainability. */
    private static LayerConfig wrapped(LayerConfig layer, String field) {
        JsonNode wrapped = layer.node(field);
        if (wrapped == null || !wrapped.isObject() || !wrapped.path("config").isObject()) {
            throw layer.invalid(field, "the wrapped layer's config", String.valueOf(wrapped));
        }
        String className = wrapped.path("class_name").asText("");
        if (!List.of("LSTM", "GRU", "SimpleRNN").contains(className)) {
            throw new UnsupportedFeatureException(layer.where() + ": wraps a " + className
                    + "; keras2dl4j converts Bidirectional LSTM, GRU and SimpleRNN");
        }
        ObjectNode config = ((ObjectNode) wrapped.get("config")).deepCopy();
        if (!layer.layer().trainable()) {
            config.put("trainable", false);
        }
        return new LayerSpec(layer.layer().name(), className, config, layer.layer().inbound())
                .fields(layer.source(), layer.kerasMajor());
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        LayerConfig forward = wrapped(c, "layer");
        LayerConfig backward = c.has("backward_layer") ? wrapped(c, "backward_layer") : forward;
        boolean sequences = forward.bool("return_sequences", false);
        boolean forwardBackwards = forward.bool("go_backwards", false);
        Tensor input = build.input();
        Tensor f = RecurrentType.build(build, forward, input, "forward", forwardBackwards, sequences, "forward/");
        Tensor b = RecurrentType.build(build, backward, input, "backward", !forwardBackwards, sequences, "backward/");
        if (sequences) {
            b = build.layer("backward/in_order", new TimeReverse(), b);
        }
        switch (mergeMode(c)) {
            case "concat" -> {
                MergeVertex merge = new MergeVertex();
                merge.setMergeAxis(sequences ? 2 : 1);
                build.vertex(null, merge, f, b);
            }
            case "sum" -> build.vertex(null, new ElementWiseVertex(ElementWiseVertex.Op.Add), f, b);
            case "mul" -> build.vertex(null, new ElementWiseVertex(ElementWiseVertex.Op.Product), f, b);
            default -> build.vertex(null, new ElementWiseVertex(ElementWiseVertex.Op.Average), f, b);
        }
    }
}
