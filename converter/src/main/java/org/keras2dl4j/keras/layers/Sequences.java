package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Shapes of sequence layers: {@code (None, steps, features)}, steps possibly unknown. */
final class Sequences {
    private Sequences() {
    }

    /** The single rank-3 input of a sequence layer. */
    static Shape input(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 3);
        if (!"channels_last".equals(layer.string("data_format", "channels_last"))) {
            throw new org.keras2dl4j.UnsupportedFeatureException(layer.where()
                    + ": data_format 'channels_first' on a 1D layer is not supported");
        }
        return input;
    }

    /** The feature (last) dimension, which must be known. */
    static long features(LayerConfig layer, Shape input) {
        Long f = input.dim(-1);
        if (f == null) {
            throw new InvalidModelException(layer.where() + ": the last dimension of input " + input + " is unknown");
        }
        return f;
    }

    /**
     * The sequence {@code t} as an NHWC image of width 1 ({@code (None, steps, 1, features)}), so that
     * 1D convolution and pooling run as DL4J's 2D layers over (steps, 1) windows.
     */
    static org.keras2dl4j.dl4j.Tensor asImage(org.keras2dl4j.dl4j.LayerBuild build, org.keras2dl4j.dl4j.Tensor t) {
        Shape s = build.asSequence(t).shape();
        Shape image = new Shape(java.util.Arrays.asList(Shape.NONE, s.dim(1), 1L, s.dim(2)));
        return build.reshape("to_image", t, null, image,
                org.keras2dl4j.dl4j.InputTypes.of(image, org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, build.where()));
    }

    /** An image of width 1 back as the layer's output sequence. */
    static void toSequence(org.keras2dl4j.dl4j.LayerBuild build, org.keras2dl4j.dl4j.Tensor image) {
        build.reshape(null, image, null, build.outputShape(), org.keras2dl4j.dl4j.InputTypes.of(build.outputShape(),
                org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, build.where()));
    }

    /** {@code (None, steps, features)}, steps unknown when negative. */
    static Shape of(long steps, long features) {
        return new Shape(java.util.Arrays.asList(Shape.NONE, steps < 0 ? Shape.NONE : steps, features));
    }
}
