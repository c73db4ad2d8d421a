package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * What the toolkit knows about one Keras layer class, independently of DL4J: the output shape it
 * computes from its input shapes, and the weights (names and Keras shapes) it owns. This is the
 * Java counterpart of a Keras layer's {@code compute_output_shape} and {@code build}.
 */
public interface LayerType {

    /** The output shape, batch dimension first, for the given input shapes. */
    Shape outputShape(LayerConfig layer, List<Shape> inputs);

    /** The weights the layer owns, in the order Keras saves them. */
    default List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        return List.of();
    }
}
