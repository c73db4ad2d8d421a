package org.keras2dl4j.dl4j;

import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.ModelConfig;

/**
 * Writes a {@link ModelConfig} in the dialect DL4J 1.0.0-M2.1's Keras import reads: the JSON of
 * Keras 1 or 2, with {@code keras_version} and {@code backend} present.
 */
final class Dl4jDialect {
    private Dl4jDialect() {
    }

    static String toDl4jJson(ModelConfig config) {
        if (config.kerasMajorVersion() > 2) {
            throw new UnsupportedFeatureException(config.source() + ": was saved by Keras " + config.kerasVersion()
                    + "; converting Keras 3 models is not supported yet");
        }
        return config.json().toString();
    }
}
