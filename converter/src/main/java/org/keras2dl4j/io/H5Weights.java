package org.keras2dl4j.io;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.hdf5.Hdf5Dataset;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;

/**
 * Weights in the HDF5 layout of Keras 1 and 2 ({@code save_weights}, and the {@code model_weights}
 * group of {@code model.save}): the group's {@code layer_names} attribute lists the layers, each
 * layer group's {@code weight_names} lists its datasets by path relative to the layer group
 * (tf_keras/src/saving/legacy/hdf5_format.py, load_weights_from_hdf5_group). Reading the index
 * touches only attributes and dataspaces; values are read on request.
 */
final class H5Weights implements WeightSource {
    private final Hdf5File file;
    private final Map<String, List<WeightTensor>> byLayer;

    private H5Weights(Hdf5File file, Map<String, List<WeightTensor>> byLayer) {
        this.file = file;
        this.byLayer = byLayer;
    }

    /** Indexes the weights under {@code root} (the file root or its {@code model_weights} group). */
    static H5Weights index(Hdf5File file, Hdf5Group root) {
        String name = file.path().getFileName().toString();
        if (!root.hasAttribute("layer_names") && !root.hasAttribute("layer_names0")) {
            throw new InvalidModelException(name + ": " + describe(root)
                    + " has no 'layer_names' attribute, so it holds no Keras weights");
        }
        Map<String, List<WeightTensor>> byLayer = new LinkedHashMap<>();
        for (String layer : root.chunkedStringArrayAttribute("layer_names")) {
            if (!root.hasGroup(layer)) {
                throw new InvalidModelException(name + ": layer_names lists '" + layer + "' but the file has no group "
                        + "for it");
            }
            Hdf5Group group = root.group(layer);
            List<WeightTensor> tensors = new ArrayList<>();
            for (String stored : group.chunkedStringArrayAttribute("weight_names")) {
                if (!group.hasDataset(stored)) {
                    throw new InvalidModelException(name + ": layer '" + layer + "': weight_names lists '" + stored
                            + "' but there is no such dataset");
                }
                Hdf5Dataset dataset = group.dataset(stored);
                tensors.add(new WeightTensor(layer, WeightTensor.shortName(layer, stored),
                        Shape.fromArray(dataset.shape()), dataset.path()));
            }
            byLayer.put(layer, List.copyOf(tensors));
        }
        return new H5Weights(file, byLayer);
    }

    private static String describe(Hdf5Group group) {
        return "/".equals(group.path()) ? "the file root" : "group '" + group.path() + "'";
    }

    @Override
    public Path file() {
        return file.path();
    }

    @Override
    public List<String> layers() {
        return List.copyOf(byLayer.keySet());
    }

    @Override
    public List<WeightTensor> weightsOf(String layer) {
        return byLayer.getOrDefault(layer, List.of());
    }

    @Override
    public void read(WeightTensor weight, FloatBuffer target) {
        // Locations are absolute dataset paths ("/model_weights/dense_1/dense_1/kernel:0").
        file.root().dataset(weight.location().substring(1)).readFloats(target);
    }

    @Override
    public void close() {
        file.close();
    }
}
