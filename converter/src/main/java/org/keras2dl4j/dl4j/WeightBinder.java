package org.keras2dl4j.dl4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.Progress;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Copies Keras weights into an allocated DL4J network one layer at a time, freeing each layer's
 * arrays before reading the next, so that the conversion holds the network's parameters plus one
 * layer's weights rather than two copies of everything (DL4J's own import keeps every weight until
 * the end). Large Dense kernels are streamed in row blocks straight into their parameter views.
 * The per-layer mapping of Keras weights to DL4J parameters (names, permutations) stays DL4J's:
 * {@link KerasLayer#setWeights} and {@link KerasLayer#copyWeightsToLayer}.
 */
final class WeightBinder {
    /** Kernels with more values than this are streamed (4 MB of float32). */
    private static final long STREAM_THRESHOLD = 1L << 20;
    /** Values per streamed block (1 MB of float32). */
    private static final long BLOCK_VALUES = 1L << 18;

    private WeightBinder() {
    }

    static void bind(Model network, Dl4jArchitecture architecture, InferredModel model, WeightSource weights,
            Progress progress) {
        String file = weights.file().getFileName().toString();
        progress.start("Converting " + file, 4 * model.totalParams());
        try {
            bindLayers(network, architecture, model, weights, progress, file);
        } finally {
            progress.finish();
        }
    }

    private static void bindLayers(Model network, Dl4jArchitecture architecture, InferredModel model,
            WeightSource weights, Progress progress, String file) {
        Map<String, List<Layer>> byName = new LinkedHashMap<>();
        for (Layer layer : network instanceof ComputationGraph graph ? graph.getLayers()
                : ((MultiLayerNetwork) network).getLayers()) {
            byName.computeIfAbsent(layer.conf().getLayer().getLayerName(), k -> new ArrayList<>()).add(layer);
        }
        Set<String> bound = new HashSet<>();
        for (InferredLayer layer : model.layers()) {
            if (layer.weights().isEmpty()) {
                continue;
            }
            String name = layer.layer().name();
            List<Layer> targets = byName.getOrDefault(name, List.of());
            KerasLayer keras = architecture.kerasLayers().get(name);
            if (targets.isEmpty() || keras == null) {
                throw new UnsupportedFeatureException(file + ": layer '" + name + "' has weights but DL4J's network "
                        + "has no layer of that name to take them");
            }
            if (streamable(layer, targets, weights)) {
                streamDense(layer, targets.get(0), weights, progress);
            } else {
                copy(file, keras, targets, read(weights, layer));
                progress.advance(4 * layer.params());
            }
            bound.add(name);
        }
        byName.forEach((name, layers) -> {
            for (Layer layer : layers) {
                if (layer.numParams() > 0 && !bound.contains(name)) {
                    throw new InvalidModelException(file + ": DL4J's layer '" + name + "' has " + layer.numParams()
                            + " parameters but the file has no weights for it");
                }
            }
        });
    }

    private static void copy(String file, KerasLayer keras, List<Layer> targets, Map<String, INDArray> arrays) {
        try {
            keras.setWeights(arrays);
            for (Layer target : targets) {
                keras.copyWeightsToLayer(target);
            }
        } catch (InvalidKerasConfigurationException e) {
            throw new InvalidModelException(file + ": DL4J could not take the weights of layer '" + keras.getLayerName()
                    + "': " + Dl4jConverter.firstLine(e.getMessage()), e);
        } finally {
            // Drop DL4J's references and free the off-heap memory now, not at the next GC.
            if (keras.getWeights() != null) {
                try {
                    keras.getWeights().clear();
                } catch (UnsupportedOperationException ignored) {
                    // An immutable map: its arrays are freed below anyway.
                }
            }
            arrays.values().forEach(WeightBinder::free);
        }
    }

    /**
     * Whether {@code layer} is a Dense layer whose kernel is large and maps to DL4J's {@code W}
     * without any permutation (DL4J's KerasDense.setWeights: kernel (in, out) is W [in, out]).
     */
    private static boolean streamable(InferredLayer layer, List<Layer> targets, WeightSource weights) {
        if (!"Dense".equals(layer.layer().className()) || targets.size() != 1) {
            return false;
        }
        Map<String, INDArray> params = targets.get(0).paramTable();
        INDArray w = params.get("W");
        WeightTensor kernel = kernel(weights, layer);
        return w != null && kernel != null && kernel.shape().elementCount() > STREAM_THRESHOLD
                && java.util.Arrays.equals(w.shape(), kernel.shape().toArray())
                && params.keySet().stream().allMatch(k -> k.equals("W") || k.equals("b"));
    }

    private static WeightTensor kernel(WeightSource weights, InferredLayer layer) {
        for (WeightTensor tensor : weights.weightsOf(layer.layer().name())) {
            if (tensor.name().equals("kernel") || tensor.name().equals("W")) {
                return tensor;
            }
        }
        return null;
    }

    private static void streamDense(InferredLayer layer, Layer target, WeightSource weights, Progress progress) {
        WeightTensor kernel = kernel(weights, layer);
        long rows = kernel.shape().dim(0);
        long columns = kernel.shape().dim(1);
        long blockRows = Math.max(1, BLOCK_VALUES / columns);
        INDArray w = target.getParam("W");
        INDArray block = Nd4j.createUninitialized(DataType.FLOAT, new long[] {blockRows, columns}, 'c');
        try {
            for (long first = 0; first < rows; first += blockRows) {
                long n = Math.min(blockRows, rows - first);
                FloatBuffer buffer = block.data().asNioFloat();
                weights.readRows(kernel, first, n, buffer);
                INDArray source = n == blockRows ? block : block.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
                w.get(NDArrayIndex.interval(first, first + n), NDArrayIndex.all()).assign(source);
                progress.advance(4 * n * columns);
            }
        } finally {
            free(block);
        }
        for (WeightTensor tensor : weights.weightsOf(layer.layer().name())) {
            if (tensor != kernel) {
                INDArray b = target.getParam("b");
                INDArray bias = Nd4j.createUninitialized(DataType.FLOAT, tensor.shape().toArray(), 'c');
                weights.read(tensor, bias.data().asNioFloat());
                b.assign(bias.reshape(b.shape()));
                free(bias);
                progress.advance(4 * tensor.shape().elementCount());
            }
        }
    }

    private static Map<String, INDArray> read(WeightSource weights, InferredLayer layer) {
        Map<String, INDArray> arrays = new HashMap<>();
        for (WeightTensor tensor : weights.weightsOf(layer.layer().name())) {
            INDArray array = Nd4j.createUninitialized(DataType.FLOAT, tensor.shape().toArray(), 'c');
            weights.read(tensor, array.data().asNioFloat());
            arrays.put(tensor.name(), array);
        }
        return arrays;
    }

    private static void free(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }
}
