package org.keras2dl4j.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;

/**
 * Reads a Keras model JSON ({@code model.to_json()}, or the {@code model_config} attribute of an
 * HDF5 file) of any Keras version into a {@link ModelConfig}. Knows the layouts Keras has used:
 * Sequential configs as a bare layer list (before Keras 2.2.3) or as {@code {name, layers}};
 * inbound nodes as nested lists (Keras 1 and 2) or as {@code {args, kwargs}} with
 * {@code __keras_tensor__} entries (Keras 3); input and output layer lists nested or flat. Models
 * nested in the model (a Sequential block inside a functional model) are flattened into it, and
 * layers whose behaviour is Python code (Lambda, custom classes) are refused by name.
 */
public final class ModelConfigParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    private final String source;
    private final List<LayerSpec> layers = new ArrayList<>();
    private final List<LayerOrigin> origins = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    private ModelConfigParser(String source) {
        this.source = source;
    }

    /** A model's input and output layers, by their names in the flattened model. */
    private record Endpoints(List<String> inputs, List<String> outputs) {
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

    /**
     * Where each layer of {@code config} comes from: its name in its own (possibly nested) model,
     * and the path Keras 3 saves its variables under ({@code layers/conv2d},
     * {@code layers/sequential/layers/rescaling}), in the order of {@link ModelConfig#layers()}.
     */
    public static List<LayerOrigin> origins(ModelConfig config) {
        ModelConfigParser parser = new ModelConfigParser(config.source());
        parser.read(config.json(), null, null);
        return List.copyOf(parser.origins);
    }

    private ModelConfig read(ObjectNode root, String kerasVersionBeside, String backendBeside) {
        ObjectNode json = root.deepCopy();
        String kerasVersion = text(json, "keras_version", kerasVersionBeside);
        String backend = text(json, "backend", backendBeside);
        if (kerasVersion == null && json.has("module") && json.has("registered_name")) {
            // Keras 3's to_json records no version; its serialize_keras_object wrapper (module,
            // registered_name) marks the config as Keras 3's (keras/src/saving/serialization_lib.py).
            kerasVersion = "3";
        }
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
        if (!MODEL_CLASSES.contains(className)) {
            throw new UnsupportedFeatureException(source + ": the model class is " + className
                    + "; keras2dl4j reads Sequential and functional (Model, Functional) models");
        }
        Endpoints endpoints = model(className, config, "layers", List.of(), null, null, false);
        checkUniqueNames(layers);
        String name = config.isObject() ? text(config, "name", null) : null;
        return new ModelConfig(source, className, name != null ? name : className.equals("Sequential")
                ? "sequential" : "model", layers, endpoints.inputs(), endpoints.outputs(), kerasVersion, backend, json);
    }

    /**
     * Appends the layers of one model, the outer one or a model nested in it, to {@link #layers}.
     * A nested model's layers join the outer graph: its InputLayers give way to the tensors that
     * feed it ({@code feeds}), and outer references to it name its output layer instead.
     *
     * @param savePath where Keras 3 saves this model's layers ("layers", "layers/sequential/layers")
     * @param nestedIn the nested model's name, or null for the outer model
     * @param outerLayer the outer model's layer that holds this nested model, or null for the outer model
     */
    private Endpoints model(String className, JsonNode config, String savePath, List<String> feeds, String nestedIn,
            String outerLayer, boolean frozen) {
        boolean sequential = className.equals("Sequential");
        // Before Keras 2.2.3 a Sequential config was the bare list of layers.
        JsonNode layerList = sequential && config.isArray() ? config : config.get("layers");
        if (layerList == null || !layerList.isArray() || layerList.isEmpty()) {
            throw new InvalidModelException(source + ": the " + (nestedIn == null ? "" : "nested ")
                    + (sequential ? "Sequential " : "") + "model" + (nestedIn == null ? "" : " '" + nestedIn + "'")
                    + " has no layers");
        }
        if (nestedIn == null) {
            for (JsonNode node : layerList) {
                used.add(layerName(node)); // the outer model's own names are kept as they are
            }
        }
        List<String> inputNames = sequential ? List.of() : names(config, "input_layers");
        Map<String, String> scope = new HashMap<>(); // this model's layer names -> flat names
        Map<String, Integer> pathNames = new HashMap<>();
        String previous = null;
        String first = null;
        for (int i = 0; i < layerList.size(); i++) {
            JsonNode node = layerList.get(i);
            String layerClass = layerClass(node);
            String name = layerName(node);
            // Sequential.layers leaves out the leading InputLayer, so it has no saved path
            // (keras/src/models/sequential.py, layers; keras/src/saving/saving_lib.py, _save_container_state).
            boolean unsaved = sequential && i == 0 && layerClass.equals("InputLayer");
            String path = unsaved ? null : savePath + "/" + uniquePathName(snakeCase(layerClass), pathNames);
            List<String> inbound;
            if (sequential) {
                inbound = previous != null ? List.of(previous) : feeds;
            } else {
                inbound = inbound(node).stream().map(n -> scope.getOrDefault(n, n)).toList();
            }
            if (layerClass.equals("InputLayer") && nestedIn != null && !feeds.isEmpty()) {
                int position = sequential ? 0 : inputNames.indexOf(name);
                if (position < 0 || position >= feeds.size()) {
                    throw new UnsupportedFeatureException(source + ": nested model '" + nestedIn + "' has input '"
                            + name + "' that is not fed by the outer model");
                }
                scope.put(name, feeds.get(position));
                previous = feeds.get(position);
                continue;
            }
            String flat;
            if (MODEL_CLASSES.contains(layerClass)) {
                JsonNode nestedConfig = node.get("config");
                if (nestedConfig == null || nestedConfig.isNull()) {
                    throw new InvalidModelException(source + ": nested model '" + name + "' has no config");
                }
                boolean nestedFrozen = frozen || (nestedConfig.isObject() && !nestedConfig.path("trainable")
                        .asBoolean(true));
                Endpoints nested = model(layerClass, nestedConfig, path + "/layers", inbound, name,
                        outerLayer == null ? name : outerLayer, nestedFrozen);
                if (nested.outputs().size() != 1) {
                    throw new UnsupportedFeatureException(source + ": nested model '" + name + "' has "
                            + nested.outputs().size() + " outputs; keras2dl4j flattens nested models with one output");
                }
                flat = nested.outputs().get(0);
                first = first == null ? nested.inputs().isEmpty() ? flat : nested.inputs().get(0) : first;
            } else {
                flat = nestedIn == null ? name : flatName(nestedIn, name);
                LayerSpec layer = layer(node, flat, inbound, frozen);
                layers.add(layer);
                origins.add(new LayerOrigin(flat, name, layerClass, path, outerLayer == null ? flat : outerLayer));
                first = first == null ? flat : first;
            }
            scope.put(name, flat);
            previous = flat;
        }
        if (sequential) {
            return new Endpoints(first == null ? List.of() : List.of(first), List.of(previous));
        }
        List<String> inputs = inputNames.stream().map(n -> scope.getOrDefault(n, n)).toList();
        List<String> outputs = names(config, "output_layers").stream().map(n -> scope.getOrDefault(n, n)).toList();
        return new Endpoints(nestedIn != null && !feeds.isEmpty() ? feeds : inputs, outputs);
    }

    private LayerSpec layer(JsonNode node, String flatName, List<String> inbound, boolean frozen) {
        String className = layerClass(node);
        JsonNode config = node.get("config");
        if (config == null || !config.isObject()) {
            throw new InvalidModelException(source + ": layer of class " + className + " has no config object");
        }
        refuseCode(node, className, flatName);
        ObjectNode copy = (ObjectNode) config;
        if (frozen || !flatName.equals(text(config, "name", flatName))) {
            copy = copy.deepCopy();
            copy.put("name", flatName);
            if (frozen) {
                copy.put("trainable", false); // a frozen nested model freezes every layer in it
            }
        }
        return new LayerSpec(flatName, className, copy, inbound);
    }

    /**
     * Refuses layers whose behaviour lives in Python: custom classes (registered with
     * {@code register_keras_serializable}, or from a module outside Keras, such as QKeras) and
     * {@code Lambda} layers, whose config holds marshalled Python bytecode.
     */
    private void refuseCode(JsonNode node, String className, String name) {
        if (className.equals("Lambda")) {
            throw new UnsupportedFeatureException(source + ": layer '" + name + "' is a Lambda layer: its function is "
                    + "Python code stored in the file, which keras2dl4j never executes, so the layer cannot be "
                    + "converted; rewrite it with built-in Keras layers");
        }
        String module = text(node, "module", null);
        String registered = text(node, "registered_name", null);
        boolean kerasModule = module == null || module.equals("keras") || module.startsWith("keras.")
                || module.startsWith("tf_keras") || module.startsWith("tensorflow");
        if (!kerasModule || (registered != null && !registered.equals(className))) {
            throw new UnsupportedFeatureException(source + ": layer '" + name + "' has the custom class " + className
                    + (module != null ? " from module '" + module + "'" : "")
                    + (registered != null ? " (registered as '" + registered + "')" : "")
                    + "; keras2dl4j converts Keras's built-in layers only");
        }
    }

    private String layerClass(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidModelException(source + ": a layer entry is not a JSON object: " + abbreviate(node));
        }
        return requiredText(node, "class_name", "a layer");
    }

    private String layerName(JsonNode node) {
        String className = layerClass(node);
        String name = text(node, "name", text(node.path("config"), "name", null));
        if (name == null) {
            throw new InvalidModelException(source + ": a layer of class " + className + " has no name");
        }
        return name;
    }

    /** A nested layer keeps its name unless the outer model already uses it: then "model/layer". */
    private String flatName(String model, String name) {
        if (used.add(name)) {
            return name;
        }
        String candidate = model + "/" + name;
        for (int i = 1; !used.add(candidate); i++) {
            candidate = model + "/" + name + "_" + i;
        }
        return candidate;
    }

    /** keras/src/saving/saving_lib.py, _get_unique_name: "conv2d", "conv2d_1", ... per container. */
    private static String uniquePathName(String name, Map<String, Integer> used) {
        Integer count = used.get(name);
        if (count == null) {
            used.put(name, 0);
            return name;
        }
        used.put(name, count + 1);
        return name + "_" + (count + 1);
    }

    /** keras/src/utils/naming.py, to_snake_case: "MaxPooling2D" gives "max_pooling2d". */
    static String snakeCase(String className) {
        String name = className.replaceAll("\\W+", "");
        name = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
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
    private List<String> names(JsonNode config, String field) {
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
