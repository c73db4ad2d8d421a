package org.keras2dl4j.keras;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
    /** Nesting deeper than this is refused (Jackson 2.17's default, stated so that it holds with any 2.15+). */
    public static final int MAX_JSON_DEPTH = 1000;
    /** Numbers longer than this are refused (Jackson's default). */
    public static final int MAX_JSON_NUMBER_LENGTH = 1000;
    /** Strings longer than this are refused (Jackson's default). */
    public static final int MAX_JSON_STRING_LENGTH = 20_000_000;

    /**
     * The reader of every untrusted JSON document (model configs, .keras metadata, a converted
     * zip's own entries): Jackson's bounds on nesting, number and string length, made explicit.
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxNumberLength(MAX_JSON_NUMBER_LENGTH)
                    .maxStringLength(MAX_JSON_STRING_LENGTH)
                    .build())
            .build()).build();

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
        JsonNode root = readJson(json, source, "the model config");
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(source + ": the model config is not a JSON object");
        }
        return new ModelConfigParser(source).read((ObjectNode) root, kerasVersion, backend);
    }

    /**
     * Reads untrusted JSON text. Every failure, a syntax error as much as a document beyond the
     * bounds ({@value #MAX_JSON_DEPTH} levels of nesting, numbers of {@value #MAX_JSON_NUMBER_LENGTH}
     * digits, strings of {@value #MAX_JSON_STRING_LENGTH} characters), is an
     * {@link InvalidModelException} with one line: "{@code source}: {@code what} is not valid JSON
     * (reason at line L, column C)".
     */
    public static JsonNode readJson(String json, String source, String what) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(e, source, what);
        }
    }

    /** Like {@link #readJson(String, String, String)}, from a stream (which it does not close). */
    public static JsonNode readJson(InputStream json, String source, String what) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw notJson(e, source, what);
        }
    }

    /**
     * Reads untrusted JSON from a stream (which it does not close) into {@code type}, as
     * {@link #readJson(String, String, String)} reads a tree; a value the type refuses (a missing
     * or mistyped field) is as invalid as a syntax error.
     */
    public static <T> T readJson(InputStream json, Class<T> type, String source, String what) {
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new InvalidModelException(source + ": " + what + " is empty (JSON null)");
            }
            return value;
        } catch (IOException e) {
            throw notJson(e, source, what);
        } catch (RuntimeException e) {
            if (e instanceof InvalidModelException invalid) {
                throw invalid;
            }
            // Jackson wraps what a constructor throws; anything else is still the document's fault.
            throw new InvalidModelException(source + ": " + what + " is not valid (" + oneLine(String.valueOf(e))
                    + ")", e);
        }
    }

    private static InvalidModelException notJson(IOException e, String source, String what) {
        String reason;
        if (e instanceof JsonProcessingException json) {
            reason = String.valueOf(json.getOriginalMessage());
            // "... exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)"
            reason = reason.replaceAll(",? ?from `[^`]*`", "").replaceAll("\\(\\s*\\)", "");
            if (e instanceof StreamConstraintsException) {
                reason = "beyond the bounds of a model file: " + reason;
            }
            JsonLocation location = json.getLocation(); // null for StreamConstraintsException, among others
            if (location != null && location.getLineNr() > 0) {
                reason += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            }
        } else {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new InvalidModelException(source + ": " + what + " is not valid JSON (" + oneLine(reason) + ")", e);
    }

    /** {@code text} on one line: line breaks and runs of white space become one space, capped in length. */
    public static String oneLine(String text) {
        String flat = String.valueOf(text).replaceAll("\\s+", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 497) + "..." : flat;
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
        String className = printableName(requiredText(json, "class_name", "the model"), "the model's class name");
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
        List<LayerSpec> sorted = topologicalOrder(layers);
        layers.clear();
        layers.addAll(sorted);
        String name = config.isObject() ? text(config, "name", null) : null;
        return new ModelConfig(source, className, name != null ? name : className.equals("Sequential")
                ? "sequential" : "model", layers, endpoints.inputs(), endpoints.outputs(), kerasVersion, backend, json);
    }

    /** A layer call whose tensor arguments are still Keras references, resolved once the whole scope is named. */
    private record PendingCall(String name, String className, String module, ObjectNode config, List<Object> arguments,
            JsonNode kwargs, String sharedWith) {
    }

    /** A tensor as a call names it: (layer, node index, tensor index) in the scope of its model. */
    private record TensorRef(String layer, int node, int tensor) {
    }

    /**
     * Appends the layers of one model, the outer one or a model nested in it, to {@link #layers}.
     * A nested model's layers join the outer graph: its InputLayers give way to the tensors that
     * feed it ({@code feeds}), and outer references to it name its output layer instead. A layer
     * called several times (shared) becomes one spec per call ({@link LayerSpec#sharedWith}).
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
        // This model's layer names -> the flat names of their calls (one per call; a nested model's output).
        Map<String, List<String>> scope = new HashMap<>();
        if (!sequential) {
            for (JsonNode node : layerList) {
                String layerClass = layerClass(node);
                String name = layerName(node);
                if (MODEL_CLASSES.contains(layerClass) || (layerClass.equals("InputLayer") && nestedIn != null
                        && !feeds.isEmpty())) {
                    continue; // named when reached below
                }
                String flat = nestedIn == null ? name : flatName(nestedIn, name);
                List<String> calls = new ArrayList<>();
                calls.add(flat);
                int count = callCount(node);
                for (int k = 1; k < count; k++) {
                    calls.add(flat + "#" + k);
                }
                scope.put(name, calls);
            }
        }
        List<PendingCall> pending = new ArrayList<>();
        Map<String, Integer> pathNames = new HashMap<>();
        String previous = null;
        String first = null;
        for (int i = 0; i < layerList.size(); i++) {
            JsonNode node = layerList.get(i);
            String layerClass = layerClass(node);
            String name = layerName(node);
            // Sequential.layers leaves out the leading InputLayer, so it has no saved path
            // (keras/src/models/sequential.py, layers; keras/src/saving/saving_lib.py, _save_container_state).
            // Keras 3's graph operations (keras.src.ops.*) are not layers and have no saved state either.
            boolean unsaved = sequential && i == 0 && layerClass.equals("InputLayer")
                    || text(node, "module", "").startsWith("keras.src.ops");
            String path = unsaved ? null : savePath + "/" + uniquePathName(snakeCase(layerClass), pathNames);
            if (layerClass.equals("InputLayer") && nestedIn != null && !feeds.isEmpty()) {
                int position = sequential ? 0 : inputNames.indexOf(name);
                if (position < 0 || position >= feeds.size()) {
                    throw new UnsupportedFeatureException(source + ": nested model '" + nestedIn + "' has input '"
                            + name + "' that is not fed by the outer model");
                }
                scope.put(name, List.of(feeds.get(position)));
                previous = feeds.get(position);
                continue;
            }
            if (MODEL_CLASSES.contains(layerClass)) {
                JsonNode nestedConfig = node.get("config");
                if (nestedConfig == null || nestedConfig.isNull()) {
                    throw new InvalidModelException(source + ": nested model '" + name + "' has no config");
                }
                List<String> nestedFeeds;
                if (sequential) {
                    nestedFeeds = previous != null ? List.of(previous) : feeds;
                } else {
                    List<List<Object>> calls = calls(node, name);
                    if (calls.size() > 1) {
                        throw new UnsupportedFeatureException(source + ": nested model '" + name + "' is called "
                                + calls.size() + " times; keras2dl4j flattens nested models that are called once");
                    }
                    nestedFeeds = calls.isEmpty() ? List.of() : calls.get(0).stream()
                            .filter(a -> a instanceof TensorRef).map(a -> resolve((TensorRef) a, scope, name)).toList();
                }
                boolean nestedFrozen = frozen || (nestedConfig.isObject() && !nestedConfig.path("trainable")
                        .asBoolean(true));
                Endpoints nested = model(layerClass, nestedConfig, path + "/layers", nestedFeeds, name,
                        outerLayer == null ? name : outerLayer, nestedFrozen);
                if (nested.outputs().size() != 1) {
                    throw new UnsupportedFeatureException(source + ": nested model '" + name + "' has "
                            + nested.outputs().size() + " outputs; keras2dl4j flattens nested models with one output");
                }
                String flat = nested.outputs().get(0);
                first = first == null ? nested.inputs().isEmpty() ? flat : nested.inputs().get(0) : first;
                scope.put(name, List.of(flat));
                previous = flat;
                continue;
            }
            String flat;
            List<List<Object>> calls;
            if (sequential) {
                flat = nestedIn == null ? name : flatName(nestedIn, name);
                scope.put(name, List.of(flat));
                List<Object> arguments = new ArrayList<>();
                if (previous != null) {
                    arguments.add(previous);
                } else {
                    arguments.addAll(feeds);
                }
                calls = List.of(arguments);
            } else {
                flat = scope.get(name).get(0);
                calls = calls(node, name);
            }
            refuseCode(node, layerClass, flat);
            ObjectNode layerConfig = layerConfig(node, flat, frozen);
            String module = text(node, "module", null);
            JsonNode kwargs = sequential ? null : callKwargs(node);
            List<String> flatCalls = sequential ? List.of(flat) : scope.get(name);
            if (calls.isEmpty()) {
                pending.add(new PendingCall(flat, layerClass, module, layerConfig, List.of(), kwargs, null));
            }
            for (int k = 0; k < calls.size(); k++) {
                String callName = flatCalls.get(Math.min(k, flatCalls.size() - 1));
                ObjectNode callConfig = layerConfig;
                if (k > 0) {
                    callConfig = layerConfig.deepCopy();
                    callConfig.put("name", callName);
                }
                pending.add(new PendingCall(callName, layerClass, module, callConfig, calls.get(k),
                        k == 0 ? kwargs : callKwargs(node, k), k == 0 ? null : flat));
            }
            origins.add(new LayerOrigin(flat, name, layerClass, path, outerLayer == null ? flat : outerLayer));
            first = first == null ? flat : first;
            previous = flatCalls.get(flatCalls.size() - 1);
        }
        for (PendingCall call : pending) {
            List<Operand> operands = new ArrayList<>();
            for (Object argument : call.arguments()) {
                if (argument instanceof TensorRef ref) {
                    operands.add(Operand.tensor(resolve(ref, scope, call.name())));
                } else if (argument instanceof String tensor) {
                    operands.add(Operand.tensor(tensor));
                } else {
                    operands.add(Operand.constant((JsonNode) argument));
                }
            }
            List<String> inbound = operands.stream().filter(Operand::isTensor).map(Operand::tensor).toList();
            layers.add(new LayerSpec(call.name(), call.className(), call.module(), call.config(), inbound, operands,
                    call.kwargs(), call.sharedWith()));
        }
        if (sequential) {
            return new Endpoints(first == null ? List.of() : List.of(first), List.of(previous));
        }
        List<String> inputs = inputNames.stream().map(n -> scopeOutput(scope, n)).toList();
        List<String> outputs = outputRefs(config).stream().map(r -> resolve(r, scope, "the model's outputs")).toList();
        return new Endpoints(nestedIn != null && !feeds.isEmpty() ? feeds : inputs, outputs);
    }

    private static String scopeOutput(Map<String, List<String>> scope, String name) {
        List<String> calls = scope.get(name);
        return calls == null ? name : calls.get(0);
    }

    /**
     * The flat name of the tensor {@code ref} names. A nested model's layer has one entry whatever the
     * node index (Keras 2 counts a nested model's own internal node as its node 0,
     * tf_keras/src/engine/functional.py, _should_skip_first_node); a shared layer's node index picks the call.
     */
    private String resolve(TensorRef ref, Map<String, List<String>> scope, String user) {
        List<String> calls = scope.get(ref.layer());
        if (calls == null) {
            throw new InvalidModelException(source + ": layer '" + user + "' takes the output of layer '" + ref.layer()
                    + "', which the model does not define");
        }
        if (ref.tensor() != 0) {
            throw new UnsupportedFeatureException(source + ": layer '" + user + "' takes output " + ref.tensor()
                    + " of layer '" + ref.layer() + "'; keras2dl4j converts layers with one output tensor");
        }
        if (calls.size() == 1) {
            return calls.get(0);
        }
        if (ref.node() < 0 || ref.node() >= calls.size()) {
            throw new InvalidModelException(source + ": layer '" + user + "' takes node " + ref.node() + " of layer '"
                    + ref.layer() + "', which is called " + calls.size() + " times");
        }
        return calls.get(ref.node());
    }

    /** How many times a functional model's layer is called: its inbound nodes (an InputLayer: none). */
    private static int callCount(JsonNode layer) {
        JsonNode nodes = layer.get("inbound_nodes");
        return nodes == null || !nodes.isArray() ? 0 : nodes.size();
    }

    /**
     * The arguments of each call of a functional model's layer, in order: {@link TensorRef}s and
     * constant {@link JsonNode}s. Keras 1/2 write a call as {@code [[name, node, tensor, kwargs], ...]},
     * tensors passed as keyword arguments (a TFOpLambda's {@code y}) as {@code [name, node, tensor]} in
     * the kwargs; Keras 3 writes {@code {"args": [...], "kwargs": {...}}} whose tensors are
     * {@code {"class_name": "__keras_tensor__", "config": {"keras_history": [name, node, tensor]}}}
     * (keras/src/models/functional.py, serialize_node).
     */
    private List<List<Object>> calls(JsonNode layer, String layerName) {
        JsonNode nodes = layer.get("inbound_nodes");
        List<List<Object>> calls = new ArrayList<>();
        if (nodes == null || !nodes.isArray()) {
            return calls;
        }
        for (JsonNode node : nodes) {
            List<Object> arguments = new ArrayList<>();
            if (node.isObject()) {
                collectKeras3(node.path("args"), arguments, layerName, true);
                JsonNode kwargs = node.get("kwargs");
                if (kwargs != null && kwargs.isObject()) {
                    kwargs.fields().forEachRemaining(f -> collectKeras3(f.getValue(), arguments, layerName, false));
                }
            } else if (node.isArray()) {
                // tf_keras writes a TFOpLambda's node as one entry, [name, node, tensor, kwargs], unwrapped.
                Iterable<JsonNode> entries = !node.isEmpty() && node.get(0).isTextual() ? List.of(node) : node;
                for (JsonNode entry : entries) {
                    TensorRef ref = keras2Ref(entry);
                    if (ref == null) {
                        throw new InvalidModelException(source + ": layer '" + layerName
                                + "' has an inbound node entry that names no layer: " + abbreviate(entry));
                    }
                    arguments.add(ref);
                }
                JsonNode kwargs = !node.isEmpty() && node.get(0).isTextual() ? node.get(3)
                        : !node.isEmpty() ? node.get(0).get(3) : null;
                if (kwargs != null && kwargs.isObject()) {
                    kwargs.fields().forEachRemaining(f -> {
                        TensorRef ref = keras2Ref(f.getValue());
                        if (ref != null) {
                            arguments.add(ref);
                        }
                    });
                }
            } else {
                throw new InvalidModelException(source + ": layer '" + layerName + "' has an inbound node that is "
                        + "neither a list nor an object: " + abbreviate(node));
            }
            calls.add(arguments);
        }
        return calls;
    }

    /** The keyword arguments of call {@code k} as the file records them (tensors as references), or null. */
    private static JsonNode callKwargs(JsonNode layer, int k) {
        JsonNode node = layer.path("inbound_nodes").path(k);
        if (node.isObject()) {
            return node.get("kwargs");
        }
        JsonNode kwargs = node.path(0).isTextual() ? node.path(3) : node.path(0).path(3);
        return kwargs.isObject() ? kwargs : null;
    }

    private static JsonNode callKwargs(JsonNode layer) {
        return callKwargs(layer, 0);
    }

    /** {@code [name, node, tensor(, kwargs)]} of Keras 1/2, or null when {@code entry} is not one. */
    private static TensorRef keras2Ref(JsonNode entry) {
        if (entry != null && entry.isArray() && entry.size() >= 3 && entry.get(0).isTextual()
                && entry.get(1).isIntegralNumber() && entry.get(2).isIntegralNumber()) {
            return new TensorRef(entry.get(0).asText(), entry.get(1).asInt(), entry.get(2).asInt());
        }
        return null;
    }

    private void collectKeras3(JsonNode value, List<Object> into, String layerName, boolean constants) {
        if (value.isObject() && "__keras_tensor__".equals(text(value, "class_name", null))) {
            JsonNode history = value.path("config").path("keras_history");
            if (!history.isArray() || history.size() < 3 || !history.get(0).isTextual()) {
                throw new InvalidModelException(source + ": layer '" + layerName
                        + "' has an inbound tensor without keras_history");
            }
            into.add(new TensorRef(history.get(0).asText(), history.get(1).asInt(), history.get(2).asInt()));
        } else if (value.isArray() && containsTensor(value)) {
            value.forEach(child -> collectKeras3(child, into, layerName, constants));
        } else if (constants) {
            into.add(value);
        }
    }

    private static boolean containsTensor(JsonNode value) {
        if (value.isObject()) {
            return "__keras_tensor__".equals(text(value, "class_name", null));
        }
        if (value.isArray()) {
            for (JsonNode child : value) {
                if (containsTensor(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The config of a layer as it goes into its spec: renamed when flattened, frozen with its model. */
    private ObjectNode layerConfig(JsonNode node, String flatName, boolean frozen) {
        String className = layerClass(node);
        JsonNode config = node.get("config");
        if (config == null || !config.isObject()) {
            throw new InvalidModelException(source + ": layer of class " + className + " has no config object");
        }
        ObjectNode copy = (ObjectNode) config;
        if (frozen || !flatName.equals(text(config, "name", flatName))) {
            copy = copy.deepCopy();
            copy.put("name", flatName);
            if (frozen) {
                copy.put("trainable", false); // a frozen nested model freezes every layer in it
            }
        }
        return copy;
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
        return printableName(requiredText(node, "class_name", "a layer"), "a layer's class name");
    }

    /**
     * A name from the config as it is, unless it holds a control character (a line break, an escape
     * sequence): Keras never writes one, and every message that quotes the name would carry it.
     */
    private String printableName(String name, String what) {
        StringBuilder shown = new StringBuilder();
        boolean control = false;
        for (int i = 0; i < name.length() && shown.length() < 200; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                control = true;
                shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (control) {
            throw new InvalidModelException(source + ": " + what + " '" + shown + "' holds a control character; Keras "
                    + "never writes one");
        }
        return name;
    }

    private String layerName(JsonNode node) {
        String className = layerClass(node);
        String name = text(node, "name", text(node.path("config"), "name", null));
        if (name == null) {
            throw new InvalidModelException(source + ": a layer of class " + className + " has no name");
        }
        return printableName(name, "the name of a layer of class " + className);
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

    /** {@code output_layers} with their node and tensor indexes: {@code [[name, node, tensor], ...]} or Keras 3's flat {@code [name, node, tensor]}. */
    private List<TensorRef> outputRefs(JsonNode config) {
        JsonNode list = config.get("output_layers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidModelException(source + ": the model config has no 'output_layers'");
        }
        List<TensorRef> refs = new ArrayList<>();
        if (list.get(0).isTextual()) {
            refs.add(new TensorRef(list.get(0).asText(), list.path(1).asInt(0), list.path(2).asInt(0)));
        } else {
            for (JsonNode entry : list) {
                if (!entry.isArray() || entry.isEmpty() || !entry.get(0).isTextual()) {
                    throw new InvalidModelException(source + ": 'output_layers' has an entry that names no layer: "
                            + abbreviate(entry));
                }
                refs.add(new TensorRef(entry.get(0).asText(), entry.path(1).asInt(0), entry.path(2).asInt(0)));
            }
        }
        return refs;
    }

    /**
     * The calls in an order where every call comes after the calls that feed it, keeping the config's
     * order where it already is one: Keras lists each layer once, at its first call, so a shared
     * layer's later call may need tensors of layers listed after it.
     */
    private List<LayerSpec> topologicalOrder(List<LayerSpec> calls) {
        Map<String, LayerSpec> byName = new HashMap<>();
        calls.forEach(c -> byName.put(c.name(), c));
        List<LayerSpec> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        // Depth-first, iteratively (a hostile config may chain thousands of layers backwards).
        for (LayerSpec root : calls) {
            if (placed.contains(root.name())) {
                continue;
            }
            java.util.ArrayDeque<LayerSpec> path = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Integer> next = new java.util.ArrayDeque<>();
            path.push(root);
            next.push(0);
            onPath.add(root.name());
            while (!path.isEmpty()) {
                LayerSpec call = path.peek();
                int i = next.pop();
                if (i < call.inbound().size()) {
                    next.push(i + 1);
                    LayerSpec producer = byName.get(call.inbound().get(i));
                    if (producer == null || placed.contains(producer.name())) {
                        continue;
                    }
                    if (!onPath.add(producer.name())) {
                        throw new InvalidModelException(source + ": layer '" + producer.name()
                                + "' feeds itself (a cycle in the graph)");
                    }
                    path.push(producer);
                    next.push(0);
                } else {
                    path.pop();
                    onPath.remove(call.name());
                    placed.add(call.name());
                    order.add(call);
                }
            }
        }
        return order;
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
