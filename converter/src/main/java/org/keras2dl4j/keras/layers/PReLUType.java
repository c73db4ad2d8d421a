package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code PReLU}: alpha has the input's shape without the batch, 1 along each of
 * {@code shared_axes}. DL4J's {@code PReLULayer}, whose alpha has the same shape.
 */
final class PReLUType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> alpha = new ArrayList<>(input.withoutBatch().dims());
        JsonNode shared = layer.node("shared_axes");
        if (shared != null && !shared.isNull()) {
            for (JsonNode axis : shared.isArray() ? shared : List.of(shared)) {
                int a = axis.asInt();
                if (!axis.isIntegralNumber() || a < 1 || a > alpha.size()) {
                    throw layer.invalid("shared_axes", "axes between 1 and " + alpha.size(), shared.toString());
                }
                alpha.set(a - 1, 1L);
            }
        }
        if (alpha.contains(null)) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": alpha's shape is unknown for input "
                    + input);
        }
        return List.of(new WeightSpec("alpha", new Shape(alpha), layer.layer().trainable()));
    }

    @Override
    public void build(LayerBuild build) {
        Tensor input = build.input();
        long[] shape = input.shape().withoutBatch().toArray();
        PReLULayer.Builder prelu = new PReLULayer.Builder().inputShape(shape);
        JsonNode shared = build.config().node("shared_axes");
        if (shared != null && !shared.isNull()) {
            List<Long> axes = new ArrayList<>();
            for (JsonNode axis : shared.isArray() ? shared : List.of(shared)) {
                axes.add(axis.asLong());
            }
            prelu.sharedAxes(axes.stream().mapToLong(Long::longValue).toArray());
        }
        Tensor out = build.layer(prelu.build(), input);
        build.bind(out, "W", ParamSource.weight("alpha"));
    }
}
