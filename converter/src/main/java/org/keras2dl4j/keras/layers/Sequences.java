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

    /** {@code (None, steps, features)}, steps unknown when negative. */
    static Shape of(long steps, long features) {
        return new Shape(java.util.Arrays.asList(Shape.NONE, steps < 0 ? Shape.NONE : steps, features));
    }
}
