package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.EmbeddingLookup;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Embedding}: token ids {@code (None, length)} to {@code (None, length, output_dim)};
 * embeddings {@code (input_dim, output_dim)}. The length is the input's (Keras 3 has no
 * {@code input_length}; Keras 2's, when present, must agree). {@code mask_zero} is refused: the
 * layers after it would have to skip the masked steps. keras2dl4j's {@link EmbeddingLookup} in DL4J.
 */
final class EmbeddingType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> dims = new ArrayList<>(input.dims());
        if (layer.has("input_length") && input.rank() == 2 && input.dim(1) == null) {
            // Keras 2: a Sequential model's Embedding declares its length here.
            dims.set(1, layer.positiveLong("input_length"));
        }
        dims.add(layer.positiveLong("output_dim"));
        return new Shape(dims);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        return List.of(new WeightSpec("embeddings", Shape.of(layer.positiveLong("input_dim"),
                layer.positiveLong("output_dim")), layer.layer().trainable()));
    }

    @Override
    public void build(LayerBuild build) {
        if (build.config().bool("mask_zero", false)) {
            throw build.unsupported("mask_zero=True is not supported (the layers after it would skip masked steps)");
        }
        Tensor input = build.input();
        if (input.rank() != 2) {
            throw build.unsupported("token ids of shape " + input.shape() + " are not supported ((None, length) are)");
        }
        Tensor out = build.layer(new EmbeddingLookup(build.config().positiveLong("input_dim"),
                build.config().positiveLong("output_dim")), input);
        build.bind(out, "embeddings", ParamSource.weight("embeddings"));
    }
}
