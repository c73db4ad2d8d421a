package org.keras2dl4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.hdf5.Hdf5Dataset;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.keras.LayerOrigin;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.ModelConfigParser;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.WeightTensor;

/**
 * Weights in the HDF5 layout of Keras 1 and 2 ({@code save_weights}, and the {@code model_weights}
 * group of {@code model.save}): the group's {@code layer_names} attribute lists the layers, each
 * layer group's {@code weight_names} lists its datasets by path relative to the layer group
 * (tf_keras/src/saving/legacy/hdf5_format.py, load_weights_from_hdf5_group). Reading the index
 * touches only attributes and dataspaces; values are read on request.
 */
final class H5Weights extends IndexedWeights {

    private H5Weights(Hdf5File file, Map<String, List<WeightTensor>> byLayer) {
        super(file, byLayer);
    }

    /** Indexes the weights under {@code root} (the file root or its {@code model_weights} group). */
    static H5Weights index(Hdf5File file, Hdf5Group root) {
        String name = file.path().getFileName().toString();
        if (!root.hasAttribute("layer_names") && !root.hasAttribute("layer_names0")) {
            throw new InvalidModelException(name + ": " + describe(root)
                    + " has no 'layer_names' attribute, so it holds no Keras weights");
        }
        Map<String, List<WeightTensor>> byLayer = new LinkedHashMap<>();
        long total = 0;
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
                total = H5Weights.addStorage(file, total, dataset, layer);
                tensors.add(new WeightTensor(layer, WeightTensor.shortName(layer, stored),
                        Shape.fromArray(dataset.shape()), dataset.path()));
            }
            byLayer.put(layer, List.copyOf(tensors));
        }
        return new H5Weights(file, byLayer);
    }

    /**
     * These weights with the weights of nested models moved to the layers inside them, by the
     * names of the flattened {@code config}. Keras keeps one group per layer of the outer model; a
     * nested model's group holds all its layers' weights, named {@code <layer>/<weight>} below
     * their own scopes ({@code sequential/conv2d/kernel} in Keras 3.5+,
     * keras/src/legacy/saving/legacy_h5_format.py, save_subset_weights_to_hdf5_group; {@code conv2d/kernel:0}
     * in Keras 2), so the segment before the weight name tells the layer.
     */
    H5Weights withNestedModels(ModelConfig config) {
        List<LayerOrigin> origins = ModelConfigParser.origins(config);
        Map<String, List<LayerOrigin>> nested = new LinkedHashMap<>();
        for (LayerOrigin origin : origins) {
            if (!origin.outerLayer().equals(origin.name())) {
                nested.computeIfAbsent(origin.outerLayer(), k -> new ArrayList<>()).add(origin);
            }
        }
        if (nested.isEmpty()) {
            return this;
        }
        String name = file.path().getFileName().toString();
        Map<String, List<WeightTensor>> rekeyed = new LinkedHashMap<>();
        for (String layer : layers()) {
            List<LayerOrigin> inner = nested.get(layer);
            if (inner == null) {
                rekeyed.put(layer, weightsOf(layer));
                continue;
            }
            for (WeightTensor tensor : weightsOf(layer)) {
                String[] segments = tensor.location().split("/");
                String owner = segments.length >= 2 ? segments[segments.length - 2] : "";
                LayerOrigin target = inner.stream().filter(o -> o.originalName().equals(owner)).findFirst()
                        .orElseThrow(() -> new InvalidModelException(name + ": nested model '" + layer
                                + "': cannot tell which of its layers weight '" + tensor.location()
                                + "' belongs to (expected one of "
                                + inner.stream().map(LayerOrigin::originalName).toList() + " before the weight name)"));
                rekeyed.computeIfAbsent(target.name(), k -> new ArrayList<>())
                        .add(new WeightTensor(target.name(), tensor.name(), tensor.shape(), tensor.location()));
            }
        }
        return new H5Weights(file, rekeyed);
    }

    /**
     * {@code total} plus the bytes {@code dataset}'s values take, once its storage is checked
     * against the file ({@link Hdf5Dataset#storage()}): every value in the file, and all weights
     * together no more than the file holds (Keras never compresses weights, and datasets that share
     * their storage are not Keras's). Refuses, before anything is allocated, weights the file cannot
     * hold, naming the layer and the sizes.
     */
    static long addStorage(Hdf5File file, long total, Hdf5Dataset dataset, String layer) {
        Hdf5Dataset.Storage storage = dataset.storage();
        long sum;
        try {
            sum = Math.addExact(total, storage.compressed() ? 0 : storage.bytes());
        } catch (ArithmeticException e) {
            sum = Long.MAX_VALUE;
        }
        if (file.length() >= 0 && sum > file.length()) {
            throw new InvalidModelException(file.name() + ": layer '" + layer + "': weight " + dataset.path().substring(1)
                    + " takes the weights stored so far to " + sum + " bytes, more than the file's " + file.length()
                    + " (weights that share their storage are not Keras's)");
        }
        return sum;
    }

    private static String describe(Hdf5Group group) {
        return "/".equals(group.path()) ? "the file root" : "group '" + group.path() + "'";
    }
}
