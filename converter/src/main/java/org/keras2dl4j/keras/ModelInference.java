package org.keras2dl4j.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.layers.Keras1Fields;
import org.keras2dl4j.keras.layers.LayerType;
import org.keras2dl4j.keras.layers.Layers;
import org.keras2dl4j.keras.layers.WeightSpec;

/**
 * Keras's shape and parameter inference for the supported layers, in Java: walks the layers in
 * config order (Keras saves them topologically sorted) and asks each layer's {@link LayerType} for
 * its output shape and weights.
 */
public final class ModelInference {
    private ModelInference() {
    }

    /**
     * Infers every layer's shapes and weights.
     *
     * @throws UnsupportedFeatureException when a layer class is not supported, naming it
     * @throws InvalidModelException when the config is inconsistent (unknown inbound layer, a window
     *     that does not fit, a missing input shape)
     */
    public static InferredModel infer(ModelConfig model) {
        return infer(model, List.of());
    }

    /**
     * Infers every layer's shapes and weights with the model's inputs of the given shapes (batch
     * first, one per model input in the model's order; none: as the config declares them): a
     * dimension the config leaves open ({@code None}) takes the given size. DL4J needs image sizes
     * and sequence lengths that Keras models may leave open.
     */
    public static InferredModel infer(ModelConfig model, List<Shape> inputShapes) {
        if (inputShapes.size() != model.inputLayers().size()) {
            inputShapes = List.of(); // the caller's check of its inputs says what is wrong
        }
        Map<String, Shape> outputs = new HashMap<>();
        List<InferredLayer> inferred = new ArrayList<>();
        boolean keras1 = model.kerasMajorVersion() == 1;
        for (LayerSpec layer : model.layers()) {
            LayerSpec spec = keras1 ? Keras1Fields.toKeras2(layer) : layer;
            LayerType type = typeOf(model, spec);
            LayerConfig fields = spec.fields(model.source(), model.kerasMajorVersion());
            List<Shape> inputs = new ArrayList<>();
            if (layer.inbound().isEmpty() && !"InputLayer".equals(layer.className())) {
                // The first layer of a Sequential model without an InputLayer carries the input shape.
                Shape input = fields.shape("batch_input_shape")
                        .or(() -> fields.shape("batch_shape"))
                        .orElseThrow(() -> new InvalidModelException(fields.where()
                                + ": the model's first layer has no batch_input_shape, so its input shape is unknown"));
                if (input.rank() == 2 && input.dim(1) == null && "Embedding".equals(spec.className())
                        && fields.has("input_length")) {
                    // Keras 2's Sequential Embedding: its input_length sets the length batch_input_shape leaves open.
                    input = Shape.batchOf(fields.positiveLong("input_length"));
                }
                inputs.add(given(model, inputShapes, layer.name(), input));
            }
            for (String in : layer.inbound()) {
                Shape shape = outputs.get(in);
                if (shape == null) {
                    throw new InvalidModelException(fields.where() + ": inbound layer '" + in
                            + "' is not defined before it");
                }
                inputs.add(shape);
            }
            Shape out = type.outputShape(fields, inputs);
            if ("InputLayer".equals(layer.className())) {
                out = given(model, inputShapes, layer.name(), out);
            }
            List<WeightSpec> weights = type.weights(fields, inputs);
            inferred.add(new InferredLayer(spec, inputs, out, keras1 ? Keras1Fields.weights(spec, weights) : weights,
                    weights));
            outputs.put(layer.name(), out);
        }
        return new InferredModel(model, inferred);
    }

    /**
     * {@code declared}, with the open dimensions of input {@code name} taken from {@code inputShapes};
     * a given shape of another rank, or sizes the model declares otherwise, are left to the caller's
     * check of its inputs (which names the file they come from).
     */
    private static Shape given(ModelConfig model, List<Shape> inputShapes, String name, Shape declared) {
        int index = model.inputLayers().indexOf(name);
        if (inputShapes.isEmpty() || index < 0 || inputShapes.get(index).rank() != declared.rank()) {
            return declared;
        }
        Shape given = inputShapes.get(index);
        List<Long> dims = new ArrayList<>(declared.dims());
        for (int d = 1; d < dims.size(); d++) {
            if (dims.get(d) == null) {
                dims.set(d, given.dim(d));
            }
        }
        return new Shape(dims);
    }

    private static LayerType typeOf(ModelConfig model, LayerSpec layer) {
        return Layers.forLayer(layer).orElseThrow(() -> new UnsupportedFeatureException(
                model.source() + ": layer '" + layer.name() + "' has class " + layer.className()
                        + (layer.module() != null && layer.module().startsWith("keras.src.ops")
                                ? " (the Keras 3 op " + layer.module() + "." + layer.className() + ")" : "")
                        + ", which keras2dl4j does not support (supported: "
                        + String.join(", ", Layers.supportedClasses()) + ")"));
    }
}
