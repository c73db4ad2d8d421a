package org.keras2dl4j.io;

import java.nio.file.Path;
import java.util.Optional;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.WeightSource;

/**
 * A Keras model as read from disk: its architecture and, when the files hold them, its weights.
 * Closing it closes the weights file. Obtain one from {@link KerasFiles#open}.
 */
public final class KerasModelFile implements AutoCloseable {
    private final Path path;
    private final ModelConfig config;
    private final WeightSource weights;

    KerasModelFile(Path path, ModelConfig config, WeightSource weights) {
        this.path = path;
        this.config = config;
        this.weights = weights;
    }

    /** The model file (the JSON, when weights come from a second file). */
    public Path path() {
        return path;
    }

    public ModelConfig config() {
        return config;
    }

    /** The weights, or empty for an architecture-only JSON. */
    public Optional<WeightSource> weights() {
        return Optional.ofNullable(weights);
    }

    @Override
    public void close() {
        if (weights != null) {
            weights.close();
        }
    }
}
