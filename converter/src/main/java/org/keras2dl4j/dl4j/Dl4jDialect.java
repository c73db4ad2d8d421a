package org.keras2dl4j.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.ModelConfig;

/**
 * Writes a {@link ModelConfig} in the dialect DL4J 1.0.0-M2.1's Keras import reads: the JSON of
 * Keras 1 or 2, with {@code keras_version} and {@code backend} present.
 *
 * <p>A Keras 1 or 2 config that DL4J reads as it is passes through unchanged. Any other config
 * (Keras 3, tf_keras's v3 archive serialisation, a model with nested models or with layers DL4J
 * lacks) is written anew from the model's flattened layers: Keras 3's {@code batch_shape} becomes
 * {@code batch_input_shape}, DTypePolicy objects their name, inbound nodes
 * {@code [[[name, 0, 0, {}]]]}, input and output lists nested; {@code module},
 * {@code registered_name} and {@code build_config} go, and so do regularizers and constraints
 * (training only). {@code Rescaling} becomes a linear Activation placeholder, which
 * {@link Translation#finish} replaces by DL4J's {@link ScaleVertex} and {@link ShiftVertex},
 * exactly Keras's {@code x * scale + offset} in float32; those vertices exist in graphs only, so a
 * Sequential model with Rescaling is written as a functional one. Layers that are identity at
 * inference (the random augmentation layers) are left out of a Sequential model, and in a graph
 * become {@code ScaleVertex(1)}, which keeps their name and shape.
 */
final class Dl4jDialect {
    /** Identity at inference (keras/src/layers/preprocessing/image_preprocessing: transform_images returns the input unless training). */
    static final Set<String> INFERENCE_IDENTITY = Set.of("RandomFlip", "RandomRotation", "RandomZoom",
            "RandomTranslation", "RandomContrast", "RandomBrightness");
    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");
    // Keras 3 serialisation wrappers and build state, which DL4J does not know.
    private static final Set<String> DROPPED_KEYS = Set.of("module", "registered_name", "build_config",
            "shared_object_id", "compile_config");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Dl4jDialect() {
    }

    /**
     * The JSON to give DL4J, whether to build it as a Sequential model (MultiLayerNetwork) or a
     * graph, and the Rescaling layers to put into the graph afterwards.
     */
    record Translation(String json, boolean sequential, Map<String, double[]> rescalings) {

        /** Replaces each Rescaling's placeholder vertex by Keras's {@code x * scale + offset}. */
        ComputationGraphConfiguration finish(ComputationGraphConfiguration graph) {
            for (Map.Entry<String, double[]> rescaling : rescalings.entrySet()) {
                String name = rescaling.getKey();
                double scale = rescaling.getValue()[0];
                double offset = rescaling.getValue()[1];
                Map<String, GraphVertex> vertices = graph.getVertices();
                Map<String, List<String>> inputs = graph.getVertexInputs();
                if (offset == 0) {
                    vertices.put(name, new ScaleVertex(scale));
                } else if (scale == 1) {
                    vertices.put(name, new ShiftVertex(offset));
                } else {
                    String scaled = name + "/scale";
                    vertices.put(scaled, new ScaleVertex(scale));
                    inputs.put(scaled, inputs.get(name));
                    vertices.put(name, new ShiftVertex(offset));
                    inputs.put(name, List.of(scaled));
                }
            }
            return graph;
        }
    }

    static Translation translate(ModelConfig config) {
        if (!needsRewrite(config)) {
            return new Translation(config.json().toString(), config.isSequential(), Map.of());
        }
        Map<String, double[]> rescalings = new LinkedHashMap<>();
        boolean identities = false;
        for (LayerSpec layer : config.layers()) {
            if (layer.className().equals("Rescaling")) {
                rescalings.put(layer.name(), rescaling(config, layer));
            } else if (INFERENCE_IDENTITY.contains(layer.className())) {
                identities = true;
            }
        }
        boolean sequential = config.isSequential() && rescalings.isEmpty();
        if (!sequential && identities) {
            for (LayerSpec layer : config.layers()) {
                if (INFERENCE_IDENTITY.contains(layer.className())) {
                    rescalings.put(layer.name(), new double[] {1, 0}); // x * 1: an exact identity vertex
                }
            }
        }
        JsonNode carriedInputShape = null;
        ObjectNode root = NODES.objectNode();
        root.put("class_name", sequential ? "Sequential" : "Model");
        ObjectNode modelConfig = root.putObject("config");
        modelConfig.put("name", config.name());
        ArrayNode layers = modelConfig.putArray("layers");
        String previous = null;
        List<String> inputs = config.inputLayers();
        LayerSpec first = config.layers().get(0);
        if (config.isSequential() && !sequential && !first.className().equals("InputLayer")) {
            // A graph needs an InputLayer; Keras 2 Sequential models may carry the input shape on the first layer.
            previous = first.name() + "_input";
            inputs = List.of(previous);
            ObjectNode input = layers.addObject();
            input.put("class_name", "InputLayer");
            input.put("name", previous);
            ObjectNode inputConfig = input.putObject("config");
            inputConfig.put("name", previous);
            JsonNode shape = first.config().has("batch_input_shape") ? first.config().get("batch_input_shape")
                    : first.config().get("batch_shape");
            inputConfig.set("batch_input_shape", shape == null ? null : shape.deepCopy());
            inputConfig.put("dtype", "float32");
            input.putArray("inbound_nodes");
        }
        for (LayerSpec layer : config.layers()) {
            if (sequential && INFERENCE_IDENTITY.contains(layer.className())) {
                // Left out of a MultiLayerNetwork: DL4J's pass-through layers return a detached network
                // input unchanged, which its workspace validation rejects. The summary keeps the row.
                carriedInputShape = inputShape(layer.config());
                continue;
            }
            ObjectNode entry = layers.addObject();
            boolean placeholder = layer.className().equals("Rescaling")
                    || INFERENCE_IDENTITY.contains(layer.className());
            entry.put("class_name", placeholder ? "Activation" : layer.className());
            ObjectNode layerConfig = placeholder ? placeholder(layer) : layerConfig(layer);
            if (carriedInputShape != null && inputShape(layerConfig) == null && layers.size() == 1) {
                layerConfig.set("batch_input_shape", carriedInputShape.deepCopy());
            }
            carriedInputShape = null;
            entry.set("config", layerConfig);
            entry.put("name", layer.name());
            if (!sequential) {
                // A Sequential model written as a graph: each layer is fed by the one before it.
                List<String> inbound = config.isSequential()
                        ? previous == null ? List.of() : List.of(previous)
                        : layer.inbound();
                ArrayNode node = entry.putArray("inbound_nodes");
                if (!inbound.isEmpty()) {
                    ArrayNode tensors = node.addArray();
                    for (String in : inbound) {
                        tensors.addArray().add(in).add(0).add(0).addObject();
                    }
                }
            }
            previous = layer.name();
        }
        if (!sequential) {
            modelConfig.set("input_layers", endpoints(inputs));
            modelConfig.set("output_layers", endpoints(config.outputLayers()));
        }
        // DL4J reads the major version from the first character and accepts 1 or 2 only.
        root.put("keras_version", config.kerasMajorVersion() >= 3 ? "2.15.0" : config.kerasVersion());
        root.put("backend", config.backend() != null ? config.backend() : "tensorflow");
        return new Translation(root.toString(), sequential, rescalings);
    }

    private static boolean needsRewrite(ModelConfig config) {
        if (config.kerasMajorVersion() >= 3 || config.json().has("module")) {
            return true;
        }
        for (LayerSpec layer : config.layers()) {
            if (layer.className().equals("Rescaling") || INFERENCE_IDENTITY.contains(layer.className())) {
                return true;
            }
        }
        JsonNode modelConfig = config.json().get("config");
        JsonNode list = modelConfig != null && modelConfig.isArray() ? modelConfig
                : modelConfig == null ? null : modelConfig.get("layers");
        if (list == null || list.size() != config.layers().size()) {
            return true; // nested models were flattened
        }
        for (JsonNode node : list) {
            if (MODEL_CLASSES.contains(node.path("class_name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode layerConfig(LayerSpec layer) {
        ObjectNode config = (ObjectNode) clean(layer.config());
        config.put("name", layer.name());
        // keras/src/layers/core/input_layer.py: Keras 3 says batch_shape where Keras 2 said batch_input_shape.
        if (config.has("batch_shape") && !config.has("batch_input_shape")) {
            config.set("batch_input_shape", config.remove("batch_shape"));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
        List<String> trainingOnly = new ArrayList<>();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (key.endsWith("_regularizer") || key.endsWith("_constraint")) {
                trainingOnly.add(key);
            }
        }
        trainingOnly.forEach(key -> config.putNull(key));
        return config;
    }

    private static JsonNode inputShape(JsonNode config) {
        JsonNode shape = config.has("batch_input_shape") ? config.get("batch_input_shape") : config.get("batch_shape");
        return shape == null || shape.isNull() ? null : shape;
    }

    /** A linear Activation standing in for a layer DL4J lacks, with the layer's name and trainability. */
    private static ObjectNode placeholder(LayerSpec layer) {
        ObjectNode config = NODES.objectNode();
        config.put("name", layer.name());
        config.put("trainable", layer.trainable());
        config.put("dtype", "float32");
        config.put("activation", "linear");
        return config;
    }

    /** Drops Keras 3's serialisation wrappers and replaces DTypePolicy objects by their name. */
    private static JsonNode clean(JsonNode node) {
        if (node.isObject()) {
            String className = node.path("class_name").asText("");
            if (className.endsWith("DTypePolicy") && node.path("config").has("name")) {
                return TextNode.valueOf(node.path("config").path("name").asText());
            }
            ObjectNode copy = NODES.objectNode();
            node.fields().forEachRemaining(field -> {
                if (!DROPPED_KEYS.contains(field.getKey())) {
                    copy.set(field.getKey(), clean(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(child -> copy.add(clean(child)));
            return copy;
        }
        return node;
    }

    private static ArrayNode endpoints(List<String> names) {
        ArrayNode list = NODES.arrayNode();
        for (String name : names) {
            list.addArray().add(name).add(0).add(0);
        }
        return list;
    }

    /** The scale and offset of a Rescaling layer; one number each (keras/src/layers/preprocessing/rescaling.py). */
    private static double[] rescaling(ModelConfig config, LayerSpec layer) {
        return new double[] {scalar(config, layer, "scale", 1.0), scalar(config, layer, "offset", 0.0)};
    }

    private static double scalar(ModelConfig config, LayerSpec layer, String field, double defaultValue) {
        JsonNode value = layer.config().get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isArray() && value.size() == 1 && value.get(0).isNumber()) {
            return value.get(0).asDouble();
        }
        if (!value.isNumber()) {
            throw new UnsupportedFeatureException(config.source() + ": layer '" + layer.name() + "' (Rescaling): "
                    + field + " is " + abbreviate(value) + "; keras2dl4j converts a single " + field
                    + " for all channels only");
        }
        return value.asDouble();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
