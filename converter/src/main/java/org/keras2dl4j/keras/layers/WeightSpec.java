package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.Shape;

/**
 * A weight a layer must have, with the shape Keras gives it: {@code kernel (3, 3, 96, 256)},
 * {@code moving_mean (96,)}. {@code trainable} is false for BatchNormalization's moving statistics
 * and for every weight of a frozen layer, as in Keras's "Non-trainable params". {@code aliases} are
 * other names some Keras versions store it under (Keras 3's legacy {@code .h5} calls a
 * DepthwiseConv2D's {@code depthwise_kernel} {@code kernel}), or, with a {@code /}, the end of the path
 * it is stored at: {@code query/kernel} (a MultiHeadAttention's query kernel in an {@code .h5}),
 * {@code query_dense/vars/0} (the same in a Keras 3 archive); an alias ending in {@code *} is a prefix.
 */
public record WeightSpec(String name, Shape shape, boolean trainable, List<String> aliases) {

    public WeightSpec {
        aliases = List.copyOf(aliases);
    }

    public WeightSpec(String name, Shape shape, boolean trainable) {
        this(name, shape, trainable, List.of());
    }

    /** Scalars in this weight. */
    public long paramCount() {
        return shape.elementCount();
    }

    /** Whether the stored weight {@code stored} is this one: by its name, or by the end of its path. */
    public boolean matches(org.keras2dl4j.keras.WeightTensor stored) {
        if (name.equals(stored.name()) || aliases.contains(stored.name())) {
            return true;
        }
        for (String alias : aliases) {
            if (alias.endsWith("*") && stored.name().startsWith(alias.substring(0, alias.length() - 1))) {
                return true;
            }
        }
        String path = stored.location().replaceAll(":\\d+$", "");
        if (name.contains("/") && path.endsWith("/" + name)) {
            return true;
        }
        for (String alias : aliases) {
            if (alias.contains("/") && path.endsWith("/" + alias)) {
                return true;
            }
        }
        return false;
    }
}
