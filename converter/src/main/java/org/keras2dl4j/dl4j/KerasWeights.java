package org.keras2dl4j.dl4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;
import org.keras2dl4j.keras.layers.Keras1Fields;
import org.keras2dl4j.keras.layers.WeightSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weights of one Keras layer as float32 arrays in Keras 2/3's names and shapes, read on
 * request from a {@link WeightSource} (each at most once) and freed by {@link #close()}: a stored
 * weight is found by its name or one of its aliases, and a Keras 1 layer's weights are translated
 * ({@link Keras1Fields#keras2Weight}).
 */
public final class KerasWeights implements AutoCloseable {
    private final WeightSource source;
    private final InferredLayer layer;
    private final boolean keras1;
    private final Map<String, INDArray> read = new HashMap<>();

    KerasWeights(WeightSource source, InferredLayer layer, boolean keras1) {
        this.source = source;
        this.layer = layer;
        this.keras1 = keras1;
    }

    /** The layer whose weights these are. */
    public InferredLayer layer() {
        return layer;
    }

    /** Keras 2/3 weight {@code name}, in its Keras shape. */
    public INDArray get(String name) {
        INDArray value = read.get(name);
        if (value == null) {
            value = keras1 ? Keras1Fields.keras2Weight(layer.layer(), name, this::stored) : stored(name);
            read.put(name, value);
        }
        return value;
    }

    /** The stored tensor of Keras weight {@code name} (not for Keras 1 layers, whose names differ). */
    WeightTensor tensor(String name) {
        WeightSpec spec = layer.weights().stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
        for (WeightTensor tensor : source.weightsOf(layer.layer().weightOwner())) {
            if (spec == null ? tensor.name().equals(name) : spec.matches(tensor)) {
                return tensor;
            }
        }
        throw new InvalidModelException(source.file().getFileName() + ": layer '" + layer.layer().weightOwner() + "' ("
                + layer.layer().className() + "): weight '" + name + "' is missing");
    }

    private INDArray stored(String name) {
        WeightTensor tensor = tensor(name);
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, tensor.shape().toArray(), 'c');
        source.read(tensor, array.data().asNioFloat());
        read.put("stored:" + name, array);
        return array;
    }

    /** Whether this layer's weights are stored as Keras 2/3 names them (so they can be streamed). */
    boolean streamable() {
        return !keras1;
    }

    WeightSource source() {
        return source;
    }

    @Override
    public void close() {
        for (INDArray array : List.copyOf(read.values())) {
            if (array.closeable()) {
                array.close();
            }
        }
        read.clear();
    }
}
