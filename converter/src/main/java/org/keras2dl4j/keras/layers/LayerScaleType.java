package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.ChannelAffine;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * ConvNeXt's {@code LayerScale} (keras/src/applications/convnext.py, tf_keras too): {@code x * gamma},
 * gamma of shape {@code (projection_dim,)} along the last axis. A {@link ChannelAffine} whose scale is
 * gamma.
 */
final class LayerScaleType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        // Keras 3's legacy .h5 names it after the variable, numbered across the model: variable_12.
        return List.of(new WeightSpec("gamma", Shape.of(layer.positiveLong("projection_dim")),
                layer.layer().trainable(), List.of("variable*")));
    }

    @Override
    public void build(LayerBuild build) {
        long channels = build.config().positiveLong("projection_dim");
        Tensor input = build.input();
        if (!Long.valueOf(channels).equals(input.shape().dim(-1))) {
            throw build.config().invalid("projection_dim", "the input's last dimension " + input.shape(),
                    Long.toString(channels));
        }
        Tensor out = build.layer(new ChannelAffine(channels, null, new double[Math.toIntExact(channels)]), input);
        build.bind(out, "scale", ParamSource.weight("gamma"));
    }
}
