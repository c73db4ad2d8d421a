package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code Embedding}: {@code (None, length)} token ids to {@code (None, length, output_dim)}; embeddings {@code (input_dim, output_dim)}. */
final class EmbeddingType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> dims = new ArrayList<>(input.dims());
        dims.add(layer.positiveLong("output_dim"));
        return new Shape(dims);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        return List.of(new WeightSpec("embeddings", Shape.of(layer.positiveLong("input_dim"),
                layer.positiveLong("output_dim")), layer.layer().trainable()));
    }
}
