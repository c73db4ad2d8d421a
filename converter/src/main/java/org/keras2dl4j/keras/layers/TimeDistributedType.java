package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code TimeDistributed(layer)}: the wrapped layer applied to every step of
 * {@code (None, steps, ...)}. keras2dl4j converts it around {@code Dense}, which is then exactly a
 * Dense on the sequence (Dense acts on the last axis): the weights are the Dense's, stored under the
 * wrapper (Keras 3: in its {@code layer} object). Other wrapped layers are refused by name.
 */
final class TimeDistributedType implements LayerType {
    private static final LayerType DENSE = new DenseType();

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return DENSE.outputShape(inner(layer), inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        return DENSE.weights(inner(layer), inputs).stream()
                .map(w -> new WeightSpec(w.name(), w.shape(), w.trainable(),
                        List.of("layer/vars/" + (w.name().equals("kernel") ? 0 : 1))))
                .toList();
    }

    @Override
    public void build(LayerBuild build) {
        build.wrapping(inner(build.config()), DENSE::build);
    }

    /** The wrapped layer's config, named as the wrapper, with the wrapper's trainability. */
    static LayerConfig inner(LayerConfig layer) {
        JsonNode wrapped = layer.node("layer");
        if (wrapped == null || !wrapped.isObject() || !wrapped.path("config").isObject()) {
            throw layer.invalid("layer", "the wrapped layer's config", String.valueOf(wrapped));
        }
        String className = wrapped.path("class_name").asText("");
        if (!className.equals("Dense")) {
            throw new UnsupportedFeatureException(layer.where() + ": wraps a " + className
                    + "; keras2dl4j converts TimeDistributed(Dense) only");
        }
        ObjectNode config = ((ObjectNode) wrapped.get("config")).deepCopy();
        config.put("trainable", layer.layer().trainable());
        if (!config.has("units")) {
            throw new InvalidModelException(layer.where() + ": the wrapped Dense has no units");
        }
        LayerSpec spec = new LayerSpec(layer.layer().name(), className, config, layer.layer().inbound());
        return spec.fields(layer.source(), layer.kerasMajor());
    }
}
