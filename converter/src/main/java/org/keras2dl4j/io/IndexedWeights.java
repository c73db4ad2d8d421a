package org.keras2dl4j.io;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;

/**
 * Weights in an open HDF5 file, indexed by layer: what every HDF5 weight layout shares once its
 * index is built. Subclasses differ only in how they find the datasets (Keras 1/2's
 * {@code weight_names}, Keras 3's {@code layers/<path>/vars/N}).
 */
abstract class IndexedWeights implements WeightSource {
    protected final Hdf5File file;
    private final Map<String, List<WeightTensor>> byLayer;

    IndexedWeights(Hdf5File file, Map<String, List<WeightTensor>> byLayer) {
        this.file = file;
        this.byLayer = byLayer;
    }

    @Override
    public Path file() {
        return file.path();
    }

    @Override
    public final List<String> layers() {
        return List.copyOf(byLayer.keySet());
    }

    @Override
    public final List<WeightTensor> weightsOf(String layer) {
        return byLayer.getOrDefault(layer, List.of());
    }

    @Override
    public final void read(WeightTensor weight, FloatBuffer target) {
        // Locations are absolute dataset paths ("/model_weights/dense_1/dense_1/kernel:0").
        file.root().dataset(weight.location().substring(1)).readFloats(target);
    }

    @Override
    public final void readRows(WeightTensor weight, long firstRow, long rows, FloatBuffer target) {
        file.root().dataset(weight.location().substring(1)).readRows(firstRow, rows, target);
    }

    @Override
    public void close() {
        file.close();
    }
}
