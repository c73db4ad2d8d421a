package org.keras2dl4j.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.hdf5.Hdf5Dataset;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.LayerOrigin;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.ModelConfigParser;
import org.keras2dl4j.keras.ModelInference;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.WeightTensor;
import org.keras2dl4j.keras.layers.WeightSpec;

/**
 * Weights in the Keras v3 layout ({@code model.weights.h5} inside a {@code .keras} archive, and
 * the {@code .weights.h5} that Keras 3 and tf_keras 2.13+ {@code save_weights} write): each layer's
 * variables sit at {@code <layer path>/vars/0..n}, where the path comes from the layer's class and
 * position ({@code layers/conv2d_1}), not its name, and nested models nest their paths
 * (keras/src/saving/saving_lib.py, {@code _save_state} and {@code _save_container_state}). The
 * variables are numbered in the order the layer created them, trainable first
 * (keras/src/layers/layer.py, {@code save_own_variables}), which is the order of the Keras weight
 * names the layer's config implies; they are named accordingly here.
 *
 * <p>Since Keras 3.6 each {@code vars} group carries the layer's {@code name}; when it is there it
 * must be the name the path was derived for, which guards the derivation. tf_keras on Windows
 * joined the path with backslashes into one group name ({@code "layers\\conv2d"}); both are read.
 */
final class KerasV3Weights extends IndexedWeights {
    private final Path origin;
    private final Runnable afterClose;

    private KerasV3Weights(Hdf5File file, Path origin, Map<String, List<WeightTensor>> byLayer, Runnable afterClose) {
        super(file, byLayer);
        this.origin = origin;
        this.afterClose = afterClose;
    }

    /** Whether {@code root} is laid out the Keras v3 way (a {@code layers} group, by path). */
    static boolean isV3Layout(Hdf5Group root) {
        return !root.hasAttribute("layer_names") && (root.hasGroup("layers")
                || root.groupNames().stream().anyMatch(g -> g.startsWith("layers\\")));
    }

    /**
     * Indexes the weights of {@code config}'s layers in {@code file}.
     *
     * @param source the file the user named ({@code model.keras}, or {@code x.weights.h5}), for messages
     * @param afterClose run after the HDF5 file is closed (deletes an archive's temporary copy)
     */
    static KerasV3Weights index(Hdf5File file, ModelConfig config, Path source, Runnable afterClose) {
        String describedAs = source.getFileName().toString();
        Hdf5Group root = file.root();
        boolean backslashes = !root.hasGroup("layers");
        Map<String, List<WeightSpec>> expected = new HashMap<>();
        List<InferredLayer> inferred;
        try {
            inferred = ModelInference.infer(config).layers();
        } catch (ArithmeticException e) {
            throw KerasFiles.overflow(source, e);
        }
        for (InferredLayer layer : inferred) {
            expected.put(layer.layer().name(), layer.weights());
        }
        Map<String, List<WeightTensor>> byLayer = new LinkedHashMap<>();
        long total = 0;
        for (LayerOrigin origin : ModelConfigParser.origins(config)) {
            if (origin.savePath() == null) {
                continue;
            }
            String path = backslashes ? origin.savePath().replace('/', '\\') : origin.savePath();
            List<WeightSpec> specs = expected.getOrDefault(origin.name(), List.of());
            if (!root.hasGroup(path)) {
                if (!specs.isEmpty()) {
                    throw new InvalidModelException(describedAs + ": layer '" + origin.name() + "' ("
                            + origin.className() + "): the weights file has no group '" + path
                            + "' for its weights (does it belong to another model?)");
                }
                continue;
            }
            Hdf5Group group = root.group(path);
            checkName(group, origin, path, describedAs);
            List<Hdf5Dataset> variables = new ArrayList<>();
            collect(group, variables, backslashes);
            // The layer's own variables take the names of its weights in order; those of the objects
            // it owns (an LSTM's cell, a MultiHeadAttention's query_dense) are matched by their path.
            List<WeightSpec> positional = specs.stream()
                    .filter(w -> w.aliases().stream().noneMatch(a -> a.contains("/vars/"))).toList();
            List<WeightTensor> tensors = new ArrayList<>();
            int own = 0;
            for (Hdf5Dataset dataset : variables) {
                total = H5Weights.addStorage(file, total, dataset, origin.name());
                String relative = dataset.path().substring(group.path().length() + 1);
                String name = relative.startsWith("vars/") && own < positional.size() ? positional.get(own++).name()
                        : relative;
                tensors.add(new WeightTensor(origin.name(), name, Shape.fromArray(dataset.shape()), dataset.path()));
            }
            byLayer.put(origin.name(), List.copyOf(tensors));
        }
        return new KerasV3Weights(file, source, byLayer, afterClose);
    }

    /** The layer's own variables, then those of the objects it owns (an LSTM's cell), as Keras walks them. */
    private static void collect(Hdf5Group group, List<Hdf5Dataset> into, boolean backslashes) {
        if (group.hasGroup("vars")) {
            Hdf5Group vars = group.group("vars");
            vars.datasetNames().stream()
                    .filter(n -> n.matches("[0-9]{1,9}"))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .forEach(n -> into.add(vars.dataset(n)));
        }
        if (backslashes) {
            return;
        }
        // saving_lib.py, _walk_saveable: attributes in sorted order, private ("_x") ones last.
        group.groupNames().stream()
                .filter(n -> !n.equals("vars") && !n.equals("layers") && !n.contains("seed_generator"))
                .sorted(Comparator.comparing(n -> n.startsWith("_") ? "~" + n : n))
                .forEach(n -> collect(group.group(n), into, false));
    }

    private static void checkName(Hdf5Group group, LayerOrigin origin, String path, String describedAs) {
        if (!group.hasGroup("vars") || !group.group("vars").hasAttribute("name")) {
            return; // Keras before 3.6 did not record it
        }
        String stored = group.group("vars").stringAttribute("name").orElse(null);
        if (stored != null && !stored.equals(origin.originalName())) {
            throw new InvalidModelException(describedAs + ": group '" + path + "' holds the variables of layer '"
                    + stored + "', expected layer '" + origin.originalName() + "' (" + origin.className()
                    + ") there; the weights do not belong to this model config");
        }
    }

    @Override
    public Path file() {
        return origin;
    }

    @Override
    public void close() {
        try {
            file.close();
        } finally {
            afterClose.run();
        }
    }
}
