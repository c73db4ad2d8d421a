package org.keras2dl4j.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;

/**
 * Reads a Keras model JSON ({@code model.to_json()}, or the {@code model_config} attribute of an
 * HDF5 file) of any Keras version into a {@link ModelConfig}. Knows the layouts Keras has used:
 * Sequential configs as a bare layer list (before Keras 2.2.3) or as {@code {name, layers}};
 * inbound nodes as nested lists (Keras 1 and 2) or as {@code {args, kwargs}} with
 * {@code __keras_tensor__} entries (Keras 3); input and output layer lists nested or flat.
 */
public final class ModelConfigParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    private ModelConfigParser(String source) {
        this.source = source;
    }

    /**
     * Parses {@code json}.
     *
     * @param source the file name used in error messages
     * @param kerasVersion the version recorded beside the JSON (an HDF5 root attribute), or null
     * @param backend the backend recorded beside the JSON, or null
     */
    public static ModelConfig parse(String json, String source, String kerasVersion, String backend) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(source + ": the model config is not valid JSON ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(source + ": the model config is not a JSON object");
        }
        return new ModelConfigParser(source).read((ObjectNode) root, kerasVersion, backend);
    }

    private ModelConfig read(ObjectNode root, String kerasVersionBeside, String backendBeside) {
        ObjectNode json = root.deepCopy();
        String kerasVersion = text(json, "keras_version", kerasVersionBeside);
        String backend = text(json, "backend", backendBeside);
        if (kerasVersion != null) {
            json.put("keras_version", kerasVersion);
        }
        if (backend != null) {
            json.put("backend", backend);
        }
        String className = requiredText(json, "class_name", "the model");
        JsonNode config = json.get("config");
        if (config == null || config.isNull()) {
            throw new InvalidModelException(source + ": the model config has no 'config' field");
        }
        return switch (className) {
            case "Sequential" -> sequential(json, config, kerasVersion, backend);
            case "Model", "Functional" -> functional(json, className, config, kerasVersion, backend);
            default -> throw new UnsupportedFeatureException(source + ": the model class is " + className
                    + "; keras2dl4j reads Sequential and functional (Model, Functional) models");
        };
    }

    private ModelConfig sequential(ObjectNode json, JsonNode config, String kerasVersion, String backend) {
        // Before Keras 2.2.3 a Sequential config was the bare list of layers.
        JsonNode layerList = config.isArray() ? config : config.get("layers");
        String name = config.isObject() ? text(config, "name", "sequential") : "sequential";
        if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
            throw new InvalidModelException(source + ": the Sequential model has no layers");
        }
        List<LayerSpec> layers = new ArrayList<>();
        String previous = null;
        for (JsonNode node : layerList) {
            LayerSpec layer = layer(node, previous == null ? List.of() : List.of(previous));
            layers.add(layer);
            previous = layer.name();
        }
        checkUniqueNames(layers);
        return new ModelConfig(source, "Sequential", name, layers, List.of(layers.get(0).name()),
                List.of(previous), kerasVersion, backend, json);
    }

    private ModelConfig functional(ObjectNode json, String className, JsonNode config, String kerasVersion,
            String backend) {
        JsonNode layerList = config.get("layers");
        if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
            throw new InvalidModelException(source + ": the model has no layers");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (JsonNode node : layerList) {
            layers.add(layer(node, inbound(node)));
        }
        checkUniqueNames(layers);
        return new ModelConfig(source, className, text(config, "name", "model"), layers,
                endpoints(config, "input_layers"), endpoints(config, "output_layers"), kerasVersion, backend, json);
    }

    private LayerSpec layer(JsonNode node, List<String> inbound) {
        if (!node.isObject()) {
            throw new InvalidModelException(source + ": a layer entry is not a JSON object: " + abbreviate(node));
        }
        String className = requiredText(node, "class_name", "a layer");
        JsonNode config = node.get("config");
        if (config == null || !config.isObject()) {
            throw new InvalidModelException(source + ": layer of class " + className + " has no config object");
        }
        String name = text(node, "name", text(config, "name", null));
        if (name == null) {
            throw new InvalidModelException(source + ": a layer of class " + className + " has no name");
        }
        return new LayerSpec(name, className, (ObjectNode) config, inbound);
    }

    /** The layers feeding a functional model's layer, from its first (and only) inbound node. */
    private List<String> inbound(JsonNode layer) {
        JsonNode nodes = layer.get("inbound_nodes");
        if (nodes == null || nodes.isNull() || nodes.isEmpty()) {
            return List.of();
        }
        String name = text(layer, "name", "?");
        if (nodes.size() > 1) {
            throw new UnsupportedFeatureException(source + ": layer '" + name + "' is called " + nodes.size()
                    + " times (a shared layer); DL4J graphs cannot share a layer between calls");
        }
        List<String> names = new ArrayList<>();
        collectKerasHistory(nodes.get(0), names, name);
        return names;
    }

    /**
     * Collects inbound layer names from one node: Keras 1/2 write {@code [[name, node, tensor, kwargs], ...]};
     * Keras 3 writes {@code {"args": [...], "kwargs": {...}}} whose tensors are
     * {@code {"class_name": "__keras_tensor__", "config": {"keras_history": [name, node, tensor]}}}
     * (keras/src/models/functional.py, serialize_node).
     */
    private void collectKerasHistory(JsonNode node, List<String> names, String layerName) {
        if (node.isObject() && node.has("args")) {
            collectKerasHistory(node.get("args"), names, layerName);
        } else if (node.isObject() && "__keras_tensor__".equals(text(node, "class_name", null))) {
            JsonNode history = node.path("config").path("keras_history");
            if (!history.isArray() || history.isEmpty() || !history.get(0).isTextual()) {
                throw new InvalidModelException(source + ": layer '" + layerName
                        + "' has an inbound tensor without keras_history");
            }
            names.add(history.get(0).asText());
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isTextual()) {
            names.add(node.get(0).asText());
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                collectKerasHistory(child, names, layerName);
            }
        }
        // Other values (constants passed as call arguments) name no layer.
    }

    /** {@code input_layers}: {@code [[name, 0, 0], ...]}, or Keras 3's flat {@code [name, 0, 0]}. */
    private List<String> endpoints(JsonNode config, String field) {
        JsonNode list = config.get(field);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidModelException(source + ": the model config has no '" + field + "'");
        }
        List<String> names = new ArrayList<>();
        if (list.get(0).isTextual()) {
            names.add(list.get(0).asText());
        } else {
            for (JsonNode entry : list) {
                if (!entry.isArray() || entry.isEmpty() || !entry.get(0).isTextual()) {
                    throw new InvalidModelException(source + ": '" + field + "' has an entry that names no layer: "
                            + abbreviate(entry));
                }
                names.add(entry.get(0).asText());
            }
        }
        return names;
    }

    private void checkUniqueNames(List<LayerSpec> layers) {
        Set<String> seen = new HashSet<>();
        for (LayerSpec layer : layers) {
            if (!seen.add(layer.name())) {
                throw new InvalidModelException(source + ": two layers are named '" + layer.name() + "'");
            }
        }
    }

    private String requiredText(JsonNode node, String field, String what) {
        String value = text(node, field, null);
        if (value == null) {
            throw new InvalidModelException(source + ": " + what + " has no '" + field + "' field: "
                    + abbreviate(node));
        }
        return value;
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : defaultValue;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
