package org.keras2dl4j.keras;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The weights of a model, as stored in a file: which layers have weights, each weight's name and
 * shape (known without reading any values), and the values on request. Implementations keep the
 * file open until {@link #close()}.
 */
public interface WeightSource extends AutoCloseable {

    /** The file the weights come from. */
    Path file();

    /** Names of the layers that have stored weights, in file order. */
    List<String> layers();

    /** The stored weights of {@code layer}, in the order Keras saved them; empty when it has none. */
    List<WeightTensor> weightsOf(String layer);

    /** Reads a weight's values, in row-major (C) order of its stored shape, into {@code target}. */
    void read(WeightTensor weight, FloatBuffer target);

    /**
     * Reads {@code rows} entries of the weight's first dimension, from {@code firstRow} on, into
     * {@code target} (row-major), so that a large weight can be streamed through a small buffer.
     */
    void readRows(WeightTensor weight, long firstRow, long rows, FloatBuffer target);

    @Override
    void close();
}
