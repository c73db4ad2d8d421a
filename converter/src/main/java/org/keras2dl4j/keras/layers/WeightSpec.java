package org.keras2dl4j.keras.layers;

import org.keras2dl4j.keras.Shape;

/**
 * A weight a layer must have, with the shape Keras gives it: {@code kernel (3, 3, 96, 256)},
 * {@code moving_mean (96,)}. {@code trainable} is false for BatchNormalization's moving statistics
 * and for every weight of a frozen layer, as in Keras's "Non-trainable params".
 */
public record WeightSpec(String name, Shape shape, boolean trainable) {

    /** Scalars in this weight. */
    public long paramCount() {
        return shape.elementCount();
    }
}
