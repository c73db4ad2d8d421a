package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.ChannelAffine;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Rescaling}: {@code x * scale + offset}, elementwise, no weights
 * (keras/src/layers/preprocessing/rescaling.py). One scale and offset: DL4J's {@code ScaleVertex} and
 * {@code ShiftVertex}, exactly Keras's float32 arithmetic; one per channel (lists): a {@link ChannelAffine}.
 */
final class RescalingType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public void build(LayerBuild build) {
        double[] scale = values(build, "scale", 1.0);
        double[] offset = values(build, "offset", 0.0);
        Tensor input = build.input();
        if (scale.length == 1 && offset.length == 1) {
            Tensor x = input;
            if (scale[0] != 1 || offset[0] == 0) {
                x = build.vertex(offset[0] == 0 ? null : "scale", new ScaleVertex(scale[0]), x);
            }
            if (offset[0] != 0) {
                build.vertex(null, new ShiftVertex(offset[0]), x);
            }
            return;
        }
        long channels = input.shape().dim(-1);
        build.layer(ChannelAffine.constant(ChannelAffine.expand(scale, channels, build.where()),
                ChannelAffine.expand(offset, channels, build.where())), input);
    }

    private static double[] values(LayerBuild build, String field, double defaultValue) {
        JsonNode value = build.config().node(field);
        if (value == null || value.isNull()) {
            return new double[] {defaultValue};
        }
        if (value.isNumber()) {
            return new double[] {value.asDouble()};
        }
        if (value.isArray()) {
            double[] out = new double[value.size()];
            for (int i = 0; i < out.length; i++) {
                if (!value.get(i).isNumber()) {
                    throw build.config().invalid(field, "a number or a list of numbers", value.toString());
                }
                out[i] = value.get(i).asDouble();
            }
            if (out.length >= 1) {
                return out;
            }
        }
        throw build.config().invalid(field, "a number or a list of numbers", value.toString());
    }
}
