package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code LSTM} ({@code gates} 4) and {@code SimpleRNN} ({@code gates} 1) on
 * {@code (None, steps, features)}: kernel {@code (features, gates * units)}, recurrent_kernel
 * {@code (units, gates * units)}, bias {@code (gates * units,)}; the output is {@code (None, units)},
 * or {@code (None, steps, units)} with {@code return_sequences}.
 */
final class RecurrentType implements LayerType {
    private final int gates;

    RecurrentType(int gates) {
        this.gates = gates;
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 3);
        if (layer.bool("return_state", false)) {
            throw new UnsupportedFeatureException(layer.where() + ": return_state is not supported");
        }
        if (layer.bool("go_backwards", false)) {
            throw new UnsupportedFeatureException(layer.where() + ": go_backwards is not supported");
        }
        long units = layer.positiveLong("units");
        if (layer.bool("return_sequences", false)) {
            Long steps = input.dim(1);
            return Sequences.of(steps == null ? -1 : steps, units);
        }
        return Shape.batchOf(units);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        long in = Sequences.features(layer, input);
        long units = layer.positiveLong("units");
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(in, gates * units), trainable));
        weights.add(new WeightSpec("recurrent_kernel", Shape.of(units, gates * units), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(gates * units), trainable));
        }
        return weights;
    }
}
