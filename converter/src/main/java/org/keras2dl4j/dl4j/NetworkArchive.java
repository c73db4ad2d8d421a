package org.keras2dl4j.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.TestVector;
import org.keras2dl4j.io.ArchiveLimits;
import org.keras2dl4j.io.AtomicFile;
import org.keras2dl4j.io.KerasArchive;
import org.keras2dl4j.io.Npy;
import org.keras2dl4j.keras.ModelConfigParser;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code .zip} a converted network is saved as: DL4J's own layout ({@code configuration.json},
 * {@code coefficients.bin}, as {@link ModelSerializer} writes them, so {@code ModelSerializer} and
 * {@code ComputationGraph.load} read it), plus {@value #INFO_ENTRY} holding the {@link ModelInfo}
 * that DL4J's loaders ignore, and, when there is one, a {@link TestVector}: {@value #TEST_VECTOR_ENTRY}
 * (origin, tolerance, counts) and the arrays as {@code .npy} files under {@value #TEST_VECTOR_DIR},
 * also ignored by DL4J. The coefficients are stored without compression: random-looking floats do not
 * compress, and deflating 250 MB of them costs seconds.
 */
public final class NetworkArchive {
    /** The zip entry with the Keras side of the network. */
    public static final String INFO_ENTRY = "keras2dl4j.json";
    /** The zip entry describing the stored test vector. */
    public static final String TEST_VECTOR_ENTRY = "keras2dl4j-test-vector.json";
    /** The folder of the test vector's arrays: {@code input_0.npy}, {@code output_0.npy}... */
    public static final String TEST_VECTOR_DIR = "keras2dl4j-test-vector/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkArchive() {
    }

    /** Writes {@code network} and its {@code info} to {@code target}, all or nothing, without a test vector. */
    public static void write(Model network, ModelInfo info, Path target) {
        write(network, info, null, target);
    }

    /**
     * Writes {@code network}, its {@code info} and {@code testVector} (none when null) to
     * {@code target}, all or nothing.
     */
    public static void write(Model network, ModelInfo info, TestVector testVector, Path target) {
        String configuration = network instanceof ComputationGraph graph
                ? graph.getConfiguration().toJson()
                : ((MultiLayerNetwork) network).getLayerWiseConfigurations().toJson();
        AtomicFile.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write(configuration.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            INDArray params = network.params();
            if (Coefficients.bulk(params)) {
                Coefficients.write(zip, params);
            } else {
                zip.setLevel(Deflater.NO_COMPRESSION);
                zip.putNextEntry(new ZipEntry(Coefficients.ENTRY));
                Coefficients.writeWithNd4j(zip, params);
                zip.closeEntry();
                zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            }
            zip.putNextEntry(new ZipEntry(INFO_ENTRY));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
            zip.closeEntry();
            if (testVector != null) {
                writeTestVector(zip, testVector);
            }
            zip.finish();
        });
    }

    private static void writeTestVector(ZipOutputStream zip, TestVector vector) throws IOException {
        zip.putNextEntry(new ZipEntry(TEST_VECTOR_ENTRY));
        zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TestVectorEntry(
                vector.origin(), vector.tolerance(), vector.inputs().size(), vector.outputs().size())));
        zip.closeEntry();
        for (int i = 0; i < vector.inputs().size(); i++) {
            zip.putNextEntry(new ZipEntry(TEST_VECTOR_DIR + "input_" + i + ".npy"));
            zip.write(Npy.bytes(vector.inputs().get(i)));
            zip.closeEntry();
        }
        for (int i = 0; i < vector.outputs().size(); i++) {
            zip.putNextEntry(new ZipEntry(TEST_VECTOR_DIR + "output_" + i + ".npy"));
            zip.write(Npy.bytes(vector.outputs().get(i)));
            zip.closeEntry();
        }
    }

    /**
     * The bounds a converted zip is read within: Keras's archive bounds (entries, sizes, expansion
     * ratio, JSON size), and at most {@value #MAX_TEST_ARRAYS} test-vector arrays of each kind.
     */
    private static final ArchiveLimits LIMITS = ArchiveLimits.DEFAULT;
    private static final int MAX_TEST_ARRAYS = 256;
    private static final long MAX_TEST_VECTOR_JSON_BYTES = 1 << 20;
    private static final String CONFIGURATION_ENTRY = "configuration.json";

    /** The test vector stored in a zip written by {@link #write}, if it has one. */
    public static Optional<TestVector> readTestVector(Path path) {
        String name = path.getFileName().toString();
        try (ZipFile zip = open(path, name)) {
            ZipEntry entry = zip.getEntry(TEST_VECTOR_ENTRY);
            if (entry == null) {
                return Optional.empty();
            }
            TestVectorEntry description = ModelConfigParser.readJson(new ByteArrayInputStream(
                    KerasArchive.readBounded(zip, entry, name, MAX_TEST_VECTOR_JSON_BYTES)), TestVectorEntry.class, name,
                    "its " + TEST_VECTOR_ENTRY);
            if (description.inputs() < 1 || description.inputs() > MAX_TEST_ARRAYS || description.outputs() < 1
                    || description.outputs() > MAX_TEST_ARRAYS) {
                throw new InvalidModelException(name + ": its " + TEST_VECTOR_ENTRY + " declares " + description.inputs()
                        + " inputs and " + description.outputs() + " outputs; expected 1 to " + MAX_TEST_ARRAYS + " each");
            }
            List<INDArray> inputs = new ArrayList<>();
            for (int i = 0; i < description.inputs(); i++) {
                inputs.add(readArray(zip, name, TEST_VECTOR_DIR + "input_" + i + ".npy"));
            }
            List<INDArray> outputs = new ArrayList<>();
            for (int i = 0; i < description.outputs(); i++) {
                outputs.add(readArray(zip, name, TEST_VECTOR_DIR + "output_" + i + ".npy"));
            }
            try {
                return Optional.of(new TestVector(inputs, outputs, description.origin(), description.tolerance()));
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException(name + ": cannot read the stored test vector ("
                        + ModelConfigParser.oneLine(e.getMessage()) + ")", e);
            }
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the zip (" + ModelConfigParser.oneLine(e.getMessage())
                    + ")", e);
        }
    }

    private static INDArray readArray(ZipFile zip, String name, String entryName) {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new InvalidModelException(name + ": the test vector's entry " + entryName + " is missing");
        }
        long cap = Npy.MAX_DATA_BYTES + Npy.MAX_HEADER_BYTES + 16;
        if (entry.getSize() > cap) {
            throw new InvalidModelException(name + ": the test vector's entry " + entryName + " declares "
                    + entry.getSize() + " bytes, more than the " + cap + " an array may have");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            // Npy reads the header, then only the bytes the header declares, and checks that nothing follows.
            return Npy.read(name + "!" + entryName, in);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(name + ": the test vector's entry " + entryName + " is damaged ("
                    + ModelConfigParser.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /** Opens a zip and checks its directory against {@link #LIMITS} before anything is read from it. */
    private static ZipFile open(Path path, String name) {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(name + ": is not a readable zip archive ("
                    + ModelConfigParser.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
        try {
            KerasArchive.checkEntries(zip, name, LIMITS);
            return zip;
        } catch (RuntimeException e) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // the refusal is what matters
            }
            throw e;
        }
    }

    /**
     * The network in {@code zip}: its configuration from {@code configuration.json}, its parameters
     * read in bulk into the network's flattened parameter row (ModelSerializer reads the entry into a
     * growing byte[] and then float by float). The parameter count the configuration declares must
     * fit in the coefficients entry before anything is allocated.
     */
    private static Model restore(ZipFile zip, String name, String json, boolean graph) throws IOException {
        ZipEntry entry = zip.getEntry(Coefficients.ENTRY);
        if (entry == null) {
            throw new InvalidModelException(name + ": is not a network written by keras2dl4j convert (no "
                    + Coefficients.ENTRY + " entry)");
        }
        ComputationGraphConfiguration graphConf = null;
        MultiLayerConfiguration layersConf = null;
        long count = 0;
        try {
            if (graph) {
                graphConf = ComputationGraphConfiguration.fromJson(json);
                for (org.deeplearning4j.nn.conf.graph.GraphVertex vertex : graphConf.getVertices().values()) {
                    count = Math.addExact(count, vertex.numParams(true));
                }
            } else {
                layersConf = MultiLayerConfiguration.fromJson(json);
                for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : layersConf.getConfs()) {
                    count = Math.addExact(count, layer.getLayer().initializer().numParams(layer));
                }
            }
        } catch (ArithmeticException e) {
            throw new InvalidModelException(name + ": its " + CONFIGURATION_ENTRY + " declares more parameters than a "
                    + "long can count", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidModelException(name + ": DL4J cannot read the network configuration in this zip ("
                    + ModelConfigParser.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
        checkRoundTrip(name, json, graph ? graphConf.toJson() : layersConf.toJson());
        if (count < 0 || count > (entry.getSize() - 8) / 4) {
            throw new InvalidModelException(name + ": its " + CONFIGURATION_ENTRY + " declares " + count
                    + " parameters, but " + Coefficients.ENTRY + " holds " + entry.getSize() + " bytes, room for at most "
                    + Math.max(0, entry.getSize() / 4) + "; the zip is damaged");
        }
        INDArray params;
        try (InputStream in = zip.getInputStream(entry)) {
            params = Coefficients.read(in, count, name + "!" + Coefficients.ENTRY);
        }
        if (params == null) {
            throw new InvalidModelException(name + ": " + Coefficients.ENTRY + " does not hold float32 values; a zip "
                    + "written by keras2dl4j convert does");
        }
        try {
            if (graph) {
                ComputationGraph network = new ComputationGraph(graphConf);
                network.init(params, false);
                return network;
            }
            MultiLayerNetwork network = new MultiLayerNetwork(layersConf);
            network.init(params, false);
            return network;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidModelException(name + ": DL4J cannot build the network in this zip ("
                    + ModelConfigParser.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    /**
     * Refuses a configuration DL4J does not read back as written. DL4J writes our zips' configuration
     * and reads it back exactly (the same JSON tree), so a difference means a value DL4J dropped or
     * replaced silently (an activation of "" read as null, which only fails later, inside the
     * forward pass); an activation that is null is refused too, since DL4J never writes one.
     */
    private static void checkRoundTrip(String name, String written, String readBack) {
        JsonNode original = ModelConfigParser.readJson(written, name, "its " + CONFIGURATION_ENTRY);
        JsonNode again = ModelConfigParser.readJson(readBack, name, "its " + CONFIGURATION_ENTRY + " as DL4J reads it");
        String difference = firstDifference(original, again, "");
        if (difference != null) {
            throw new InvalidModelException(name + ": its " + CONFIGURATION_ENTRY + " holds a value DL4J does not read "
                    + "back (at " + ModelConfigParser.oneLine(difference) + "); the zip is damaged");
        }
        String nullActivation = nullActivation(original, "");
        if (nullActivation != null) {
            throw new InvalidModelException(name + ": its " + CONFIGURATION_ENTRY + " has no activation at "
                    + ModelConfigParser.oneLine(nullActivation) + "; the zip is damaged");
        }
    }

    /** The JSON pointer of the first place where {@code a} and {@code b} differ, or null. */
    private static String firstDifference(JsonNode a, JsonNode b, String at) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            for (java.util.Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                String inner = b.has(field) ? firstDifference(a.get(field), b.get(field), at + "/" + field)
                        : at + "/" + field;
                if (inner != null) {
                    return inner;
                }
            }
            for (java.util.Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!a.has(field)) {
                    return at + "/" + field;
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String inner = firstDifference(a.get(i), b.get(i), at + "/" + i);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return at.isEmpty() ? "/" : at;
    }

    private static String nullActivation(JsonNode node, String at) {
        if (node.isObject()) {
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().toLowerCase(java.util.Locale.ROOT).contains("activation") && field.getValue().isNull()) {
                    return at + "/" + field.getKey();
                }
                String inner = nullActivation(field.getValue(), at + "/" + field.getKey());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String inner = nullActivation(node.get(i), at + "/" + i);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** What {@value #TEST_VECTOR_ENTRY} holds. */
    record TestVectorEntry(String origin, double tolerance, int inputs, int outputs) {
    }

    /**
     * Reads a network written by {@link #write}. The zip is checked whole first (entry count, sizes,
     * expansion ratios), its JSON entries are read within bounds, the parameter count its
     * configuration declares must fit the coefficients entry, and the Keras side ({@value #INFO_ENTRY})
     * must be complete and agree with the network; anything else is an {@link InvalidModelException}
     * naming the zip, whatever DL4J throws.
     */
    public static Dl4jNetwork read(Path path) {
        String name = path.getFileName().toString();
        try (ZipFile zip = open(path, name)) {
            ZipEntry entry = zip.getEntry(INFO_ENTRY);
            ZipEntry configuration = zip.getEntry(CONFIGURATION_ENTRY);
            if (entry == null || configuration == null) {
                throw new InvalidModelException(name + ": is a zip but not a network written by keras2dl4j convert "
                        + "(no " + (entry == null ? INFO_ENTRY : CONFIGURATION_ENTRY) + " entry)");
            }
            ModelInfo info = ModelConfigParser.readJson(new ByteArrayInputStream(
                    KerasArchive.readBounded(zip, entry, name, LIMITS.maxJsonBytes())), ModelInfo.class, name,
                    "its " + INFO_ENTRY);
            String json = new String(KerasArchive.readBounded(zip, configuration, name, LIMITS.maxJsonBytes()),
                    StandardCharsets.UTF_8);
            // Our own reader first, with its bounds on nesting and sizes; DL4J's (shaded) Jackson has none.
            JsonNode tree = ModelConfigParser.readJson(json, name, "its " + CONFIGURATION_ENTRY);
            if (tree == null || !tree.isObject()) {
                throw new InvalidModelException(name + ": its " + CONFIGURATION_ENTRY + " is not a JSON object");
            }
            // The configuration decides: a Sequential model with Rescaling converts to a graph (Dl4jDialect).
            boolean graph = tree.has("vertices");
            Model network = restore(zip, name, json, graph);
            List<InputType> inputTypes = check(info, name);
            checkAgainst(network, info, inputTypes, name);
            return new Dl4jNetwork(network, info);
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the zip (" + ModelConfigParser.oneLine(e.getMessage())
                    + ")", e);
        }
    }

    /** Refuses a {@link ModelInfo} with missing parts; returns its input types, parsed. */
    private static List<InputType> check(ModelInfo info, String name) {
        String where = name + ": its " + INFO_ENTRY;
        if (info.modelClass() == null || info.modelName() == null || info.sourceFile() == null) {
            throw new InvalidModelException(where + " lacks the model's class, name or source file");
        }
        for (LayerInfo layer : info.layers()) {
            if (layer == null || layer.name() == null || layer.className() == null || layer.params() < 0
                    || layer.nonTrainableParams() < 0 || layer.nonTrainableParams() > layer.params()
                    || (layer.outputShape() != null && layer.outputShape().stream().anyMatch(d -> d != null && d < 0))) {
                throw new InvalidModelException(where + " has an incomplete or impossible layer entry: "
                        + ModelConfigParser.oneLine(String.valueOf(layer)));
            }
        }
        try {
            info.layers().stream().mapToLong(LayerInfo::params).reduce(0, Math::addExact);
        } catch (ArithmeticException e) {
            throw new InvalidModelException(where + " counts more parameters than a long holds", e);
        }
        if (info.inputNames().isEmpty() || info.inputNames().size() != info.inputTypes().size()) {
            throw new InvalidModelException(where + " names " + info.inputNames().size() + " inputs with "
                    + info.inputTypes().size() + " input types");
        }
        List<InputType> types = new ArrayList<>();
        for (String json : info.inputTypes()) {
            try {
                InputType type = InputTypes.fromJson(json);
                if (type == null) {
                    throw new IllegalStateException("null");
                }
                InputTypes.toKerasShape(type);
                types.add(type);
            } catch (RuntimeException e) {
                throw new InvalidModelException(where + " has an input type DL4J cannot read ("
                        + ModelConfigParser.oneLine(String.valueOf(json)) + ")", e);
            }
        }
        return types;
    }

    /** Refuses a network whose configuration does not take the input types the zip records. */
    private static void checkAgainst(Model network, ModelInfo info, List<InputType> types, String name) {
        try {
            if (network instanceof ComputationGraph graph) {
                if (graph.getConfiguration().getNetworkInputs().size() != types.size()) {
                    throw new InvalidModelException(name + ": the network has "
                            + graph.getConfiguration().getNetworkInputs().size() + " inputs, its " + INFO_ENTRY
                            + " describes " + types.size());
                }
                graph.getConfiguration().getLayerActivationTypes(types.toArray(new InputType[0]));
            } else {
                if (types.size() != 1) {
                    throw new InvalidModelException(name + ": a sequential network has one input, its " + INFO_ENTRY
                            + " describes " + types.size());
                }
                ((MultiLayerNetwork) network).getLayerWiseConfigurations().getLayerActivationTypes(types.get(0));
            }
        } catch (InvalidModelException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidModelException(name + ": the network's configuration does not take the input types its "
                    + INFO_ENTRY + " records (" + ModelConfigParser.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }
}
