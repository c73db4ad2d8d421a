package org.keras2dl4j.dl4j;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.Progress;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fills an allocated DL4J network's parameters from the Keras weights, as the {@link GraphPlan}'s
 * {@link ParamBinding}s say, one Keras layer at a time: each layer's weights are read once (for
 * all the calls of a shared layer), bound, and freed before the next layer's are read, so that the
 * conversion holds the network's parameters plus one layer's weights. A large kernel bound as it is
 * stored (a Dense layer's) is streamed in row blocks straight into its parameter.
 */
final class WeightBinder {
    /** Kernels with more values than this are streamed (4 MB of float32). */
    private static final long STREAM_THRESHOLD = 1L << 20;
    /** Values per streamed block (1 MB of float32). */
    private static final long BLOCK_VALUES = 1L << 18;

    private WeightBinder() {
    }

    static void bind(Model network, GraphPlan plan, WeightSource weights, Progress progress) {
        String file = weights.file().getFileName().toString();
        progress.start("Converting " + file, 4 * plan.parameterCount());
        Map<String, List<ParamBinding>> byLayer = new LinkedHashMap<>();
        for (ParamBinding binding : plan.bindings()) {
            byLayer.computeIfAbsent(binding.kerasLayer(), k -> new ArrayList<>()).add(binding);
        }
        boolean keras1 = plan.model().config().kerasMajorVersion() == 1;
        try {
            for (Map.Entry<String, List<ParamBinding>> layer : byLayer.entrySet()) {
                InferredLayer owner = plan.model().layer(layer.getKey()).orElseThrow();
                try (KerasWeights kerasWeights = new KerasWeights(weights, owner, keras1)) {
                    for (ParamBinding binding : layer.getValue()) {
                        bind(network, binding, kerasWeights, progress, file);
                    }
                }
            }
        } finally {
            progress.finish();
        }
    }

    private static void bind(Model network, ParamBinding binding, KerasWeights weights, Progress progress, String file) {
        INDArray param = params(network, binding.vertex()).get(binding.param());
        if (param == null) {
            throw new IllegalStateException("block '" + binding.vertex() + "' has no parameter " + binding.param());
        }
        try {
            if (binding.source().direct() && weights.streamable() && param.rank() == 2
                    && param.length() > STREAM_THRESHOLD) {
                WeightTensor stored = weights.tensor(binding.source().weight());
                if (Arrays.equals(stored.shape().toArray(), param.shape())) {
                    stream(stored, param, weights.source(), progress);
                    return;
                }
            }
            INDArray value = binding.source().value(weights, param.shape());
            assign(param, value, binding);
            progress.advance(4 * param.length());
        } catch (Keras2Dl4jException | IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsupportedFeatureException(file + ": layer '" + binding.kerasLayer()
                    + "': DL4J's parameter " + binding.param() + " of block '" + binding.vertex()
                    + "' could not take the weights (" + e.getClass().getSimpleName() + ": "
                    + Dl4jConverter.firstLine(e.getMessage()) + ")", e);
        }
    }

    /** {@code value} into {@code param}: the same shape, or both vectors of one length. */
    private static void assign(INDArray param, INDArray value, ParamBinding binding) {
        if (Arrays.equals(param.shape(), value.shape())) {
            param.assign(value);
        } else if (param.length() == value.length() && isVector(param) && isVector(value)) {
            param.assign(value.reshape(param.shape()));
        } else {
            throw new IllegalStateException("layer '" + binding.kerasLayer() + "': block '" + binding.vertex()
                    + "' parameter " + binding.param() + " has shape " + Arrays.toString(param.shape())
                    + ", its source gives " + Arrays.toString(value.shape()));
        }
    }

    private static boolean isVector(INDArray a) {
        return Arrays.stream(a.shape()).filter(d -> d != 1).count() <= 1;
    }

    /** The parameters of block {@code vertex}, by key. */
    static Map<String, INDArray> params(Model network, String vertex) {
        if (network instanceof ComputationGraph graph) {
            return graph.getVertex(vertex).paramTable(false);
        }
        return ((MultiLayerNetwork) network).getLayer(vertex).paramTable();
    }

    private static void stream(WeightTensor kernel, INDArray target, WeightSource weights, Progress progress) {
        long rows = kernel.shape().dim(0);
        long columns = kernel.shape().dim(1);
        long blockRows = Math.max(1, BLOCK_VALUES / columns);
        INDArray block = Nd4j.createUninitialized(DataType.FLOAT, new long[] {blockRows, columns}, 'c');
        try {
            for (long first = 0; first < rows; first += blockRows) {
                long n = Math.min(blockRows, rows - first);
                FloatBuffer buffer = block.data().asNioFloat();
                weights.readRows(kernel, first, n, buffer);
                INDArray source = n == blockRows ? block : block.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
                target.get(NDArrayIndex.interval(first, first + n), NDArrayIndex.all()).assign(source);
                progress.advance(4 * n * columns);
            }
        } finally {
            if (block.closeable()) {
                block.close();
            }
        }
    }
}
