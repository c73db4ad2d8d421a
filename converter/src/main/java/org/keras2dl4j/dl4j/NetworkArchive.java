package org.keras2dl4j.dl4j;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.TestVector;
import org.keras2dl4j.io.AtomicFile;
import org.keras2dl4j.io.Npy;
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

    /** The test vector stored in a zip written by {@link #write}, if it has one. */
    public static Optional<TestVector> readTestVector(Path path) {
        String name = path.getFileName().toString();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry(TEST_VECTOR_ENTRY);
            if (entry == null) {
                return Optional.empty();
            }
            TestVectorEntry description;
            try (InputStream in = zip.getInputStream(entry)) {
                description = JSON.readValue(in, TestVectorEntry.class);
            }
            List<INDArray> inputs = new ArrayList<>();
            for (int i = 0; i < description.inputs(); i++) {
                inputs.add(readArray(zip, name, TEST_VECTOR_DIR + "input_" + i + ".npy"));
            }
            List<INDArray> outputs = new ArrayList<>();
            for (int i = 0; i < description.outputs(); i++) {
                outputs.add(readArray(zip, name, TEST_VECTOR_DIR + "output_" + i + ".npy"));
            }
            return Optional.of(new TestVector(inputs, outputs, description.origin(), description.tolerance()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException(name + ": cannot read the stored test vector (" + e.getMessage() + ")", e);
        }
    }

    private static INDArray readArray(ZipFile zip, String name, String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new InvalidModelException(name + ": the test vector's entry " + entryName + " is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return Npy.read(name + "!" + entryName, in);
        }
    }

    /**
     * The network in {@code path}: its configuration from {@code configuration.json}, its parameters
     * read in bulk into the network's flattened parameter row (ModelSerializer reads the entry into a
     * growing byte[] and then float by float); ModelSerializer itself for what the bulk reader does
     * not take (parameters that are not float32).
     */
    private static Model restore(Path path, boolean graph) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String json;
            try (InputStream in = zip.getInputStream(zip.getEntry("configuration.json"))) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ZipEntry entry = zip.getEntry(Coefficients.ENTRY);
            if (entry == null) {
                throw new IOException("no " + Coefficients.ENTRY + " entry");
            }
            if (graph) {
                ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
                long count = conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
                INDArray params;
                try (InputStream in = zip.getInputStream(entry)) {
                    params = Coefficients.read(in, count, Coefficients.ENTRY);
                }
                if (params != null) {
                    ComputationGraph network = new ComputationGraph(conf);
                    network.init(params, false);
                    return network;
                }
            } else {
                MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
                long count = 0;
                for (org.deeplearning4j.nn.conf.NeuralNetConfiguration layer : conf.getConfs()) {
                    count += layer.getLayer().initializer().numParams(layer);
                }
                INDArray params;
                try (InputStream in = zip.getInputStream(entry)) {
                    params = Coefficients.read(in, count, Coefficients.ENTRY);
                }
                if (params != null) {
                    MultiLayerNetwork network = new MultiLayerNetwork(conf);
                    network.init(params, false);
                    return network;
                }
            }
        }
        return graph ? ModelSerializer.restoreComputationGraph(path.toFile(), false)
                : ModelSerializer.restoreMultiLayerNetwork(path.toFile(), false);
    }

    /** What {@value #TEST_VECTOR_ENTRY} holds. */
    record TestVectorEntry(String origin, double tolerance, int inputs, int outputs) {
    }

    /** Reads a network written by {@link #write}. */
    public static Dl4jNetwork read(Path path) {
        String name = path.getFileName().toString();
        ModelInfo info;
        boolean graph;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry(INFO_ENTRY);
            if (entry == null || zip.getEntry("configuration.json") == null) {
                throw new InvalidModelException(name + ": is a zip but not a network written by keras2dl4j convert "
                        + "(no " + (entry == null ? INFO_ENTRY : "configuration.json") + " entry)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                info = JSON.readValue(in, ModelInfo.class);
            }
            // The configuration decides: a Sequential model with Rescaling converts to a graph (Dl4jDialect).
            try (InputStream in = zip.getInputStream(zip.getEntry("configuration.json"))) {
                graph = JSON.readTree(in).has("vertices");
            }
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the zip (" + e.getMessage() + ")", e);
        }
        try {
            Model network = restore(path, graph);
            return new Dl4jNetwork(network, info);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelException(name + ": DL4J cannot read the network in this zip ("
                    + Dl4jConverter.firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }
}
