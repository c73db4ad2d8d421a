package org.keras2dl4j.dl4j;

import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.keras2dl4j.keras.Shape;

/**
 * Summarises a DL4J configuration the Keras way: output shapes from DL4J's own shape propagation
 * ({@code getLayerActivationTypes}), parameter counts from DL4J's parameter initialisers, both
 * mapped back to Keras layer names and classes through {@link ModelInfo}. Needs no parameters, so
 * it works on an architecture-only model too.
 */
public final class Dl4jSummaries {
    private Dl4jSummaries() {
    }

    public static NetworkSummary of(ComputationGraphConfiguration conf, ModelInfo info) {
        InputType[] inputs = info.inputTypes().stream().map(InputTypes::fromJson).toArray(InputType[]::new);
        Map<String, InputType> types = new HashMap<>(conf.getLayerActivationTypes(false, inputs));
        for (int i = 0; i < inputs.length; i++) {
            types.putIfAbsent(info.inputNames().get(i), inputs[i]);
        }
        List<LayerSummary> rows = new ArrayList<>();
        for (LayerInfo layer : info.layers()) {
            if (info.sequential() && "InputLayer".equals(layer.className())) {
                continue; // a Sequential model converted to a graph (Rescaling): Keras shows no input row
            }
            GraphVertex vertex = conf.getVertices().get(layer.name());
            long params = vertex == null ? 0 : vertex.numParams(true);
            Layer dl4jLayer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            rows.add(row(layer, types.get(layer.name()), params, dl4jLayer));
        }
        return new NetworkSummary(info.modelName(), info.modelClass(), rows);
    }

    public static NetworkSummary of(MultiLayerConfiguration conf, ModelInfo info) {
        InputType input = InputTypes.fromJson(info.inputTypes().get(0));
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            index.put(conf.getConf(i).getLayer().getLayerName(), i);
        }
        List<LayerSummary> rows = new ArrayList<>();
        InputType previous = input;
        int next = 0;
        for (LayerInfo layer : info.layers()) {
            if ("InputLayer".equals(layer.className())) {
                continue; // Keras's summary of a Sequential model has no input row.
            }
            Integer i = index.get(layer.name());
            if (i != null) {
                NeuralNetConfiguration layerConf = conf.getConf(i);
                long params = layerConf.getLayer().initializer().numParams(layerConf);
                previous = outputs.get(i);
                next = i + 1;
                rows.add(row(layer, previous, params, layerConf.getLayer()));
            } else {
                // A Keras layer DL4J turned into the next layer's input preprocessor (Flatten, Reshape).
                InputPreProcessor preprocessor = next < conf.getConfs().size() ? conf.getInputPreProcess(next) : null;
                InputType type = preprocessor == null ? previous : preprocessor.getOutputType(previous);
                rows.add(row(layer, type, 0, null));
            }
        }
        return new NetworkSummary(info.modelName(), info.modelClass(), rows);
    }

    private static LayerSummary row(LayerInfo layer, InputType type, long params, Layer dl4jLayer) {
        long nonTrainable;
        if (!layer.trainable()) {
            nonTrainable = params;
        } else if (dl4jLayer instanceof BatchNormalization bn) {
            nonTrainable = 2 * bn.getNOut(); // the moving mean and variance
        } else {
            nonTrainable = 0;
        }
        Shape shape = type == null ? null : InputTypes.toKerasShape(type);
        return new LayerSummary(layer.name(), layer.className(), shape, params, nonTrainable);
    }
}
