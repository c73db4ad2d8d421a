package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.blocks.BilinearResize;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code UpSampling2D}: rows and columns scaled by {@code size}, repeating values
 * ({@code interpolation='nearest'}, DL4J's {@code Upsampling2D}) or interpolating them
 * ({@code 'bilinear'}: TensorFlow's resize with half-pixel centres, keras2dl4j's {@link BilinearResize}).
 * Other interpolations are refused.
 */
final class UpSampling2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long[] size = layer.optionalTuple("size", 2).orElse(new long[] {2, 2});
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            Long in = input.dim(first + i);
            out[i] = in == null ? -1 : in * size[i];
        }
        return Spatial.replaceSpatial(input, last, out, -1);
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        int[] size = Spatial.ints(c.optionalTuple("size", 2).orElse(new long[] {2, 2}));
        String interpolation = c.string("interpolation", "nearest");
        org.deeplearning4j.nn.conf.CNN2DFormat format = Spatial.format(c);
        switch (interpolation) {
            case "nearest" -> build.layer(new Upsampling2D.Builder().size(size).dataFormat(format).build(),
                    build.asImage(build.input(), format));
            case "bilinear" -> build.layer(new BilinearResize(size[0], size[1], format == org.deeplearning4j.nn.conf
                    .CNN2DFormat.NHWC), build.asImage(build.input(), format));
            default -> throw build.unsupported("interpolation '" + interpolation
                    + "' is not supported (nearest and bilinear are)");
        }
    }
}
