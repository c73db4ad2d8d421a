package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Everything the toolkit knows about one kind of Keras layer: how its config fields are read (in
 * every Keras version's spelling), the output shape it computes from its input shapes, the weights
 * it owns (names and Keras shapes, in the order Keras saves them), and the DL4J blocks it becomes
 * with the DL4J parameters its weights fill ({@link #build}). The first two are the Java counterpart
 * of a Keras layer's {@code compute_output_shape} and {@code build}, and need no DL4J; the table
 * of descriptors by Keras class is {@link Layers}.
 */
public interface LayerType {

    /** The output shape, batch dimension first, for the given input shapes. */
    Shape outputShape(LayerConfig layer, List<Shape> inputs);

    /** The weights the layer owns, in the order Keras saves them. */
    default List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        return List.of();
    }

    /**
     * Adds the DL4J blocks that compute this layer call to the network being planned and binds
     * their parameters to the layer's weights; or refuses, naming the option that cannot be
     * converted exactly ({@link LayerBuild#unsupported}).
     */
    void build(LayerBuild build);
}
