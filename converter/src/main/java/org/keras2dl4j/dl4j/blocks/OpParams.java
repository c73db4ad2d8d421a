package org.keras2dl4j.dl4j.blocks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lays out declared parameters (key and shape, in order) in a block's slice of the network's flat
 * parameter row, each as a row-major view. Used by {@link OpLayer} and {@link OpVertex}, whose
 * parameters have exactly the shapes Keras gives the weights they hold.
 */
final class OpParams implements ParamInitializer {
    static final OpParams INSTANCE = new OpParams();

    private OpParams() {
    }

    static long count(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] shape : shapes.values()) {
            long size = 1;
            for (long d : shape) {
                size = Math.multiplyExact(size, d);
            }
            n = Math.addExact(n, size);
        }
        return n;
    }

    /** Views of {@code flat} (a [1, n] row or a vector) with the declared shapes. */
    static Map<String, INDArray> views(Map<String, long[]> shapes, INDArray flat) {
        Map<String, INDArray> views = new LinkedHashMap<>();
        if (shapes.isEmpty()) {
            return views;
        }
        INDArray row = flat.reshape(flat.length());
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long size = 1;
            for (long d : e.getValue()) {
                size *= d;
            }
            views.put(e.getKey(), row.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', e.getValue()));
            offset += size;
        }
        return views;
    }

    private static Map<String, long[]> shapes(Layer layer) {
        return ((OpLayer) layer).paramShapes();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return count(shapes(layer));
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(shapes(layer).keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return shapes(layer).containsKey(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        // Never initialised here: keras2dl4j binds every parameter from the Keras weights.
        return views(shapes(conf.getLayer()), paramsView);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(shapes(conf.getLayer()), gradientView);
    }
}
