package org.keras2dl4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.SelfCheck;
import org.keras2dl4j.fixtures.AlexNetFixture;
import org.keras2dl4j.inference.InferenceEngine;
import org.keras2dl4j.validator.Comparison;
import org.keras2dl4j.validator.KerasValidation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One benchmark task, run by {@link Benchmark} in a fresh JVM so that its peak resident memory is
 * its own. Prints one line, {@value #PREFIX} followed by a JSON object of what it measured: times
 * in seconds, memory in bytes. Tasks that need ND4J initialise it before the timed operation, so
 * the operation's time excludes ND4J's start (measured on its own by the {@code nd4j} task).
 *
 * <pre>
 * jvm                                   nothing: the JVM's own start and exit
 * nd4j                                  ND4J's CPU backend start
 * dl4j-import  H5                       KerasModelImport.importKerasModelAndWeights(h5, false)
 * dl4j-save    H5 ZIP                   ModelSerializer.writeModel(net, zip, false) of the import
 * dl4j-load    ZIP                      ComputationGraph.load(zip, false)
 * dl4j-forward H5 SHAPE WARMUP N1 N16   forward passes of the imported network, batch 1 and 16
 * ours-convert H5                       KerasModels.load(h5)
 * ours-save    H5 ZIP [no-check]        ConvertedModel.save(zip) (no-check: save(zip, null), no test vector)
 * ours-load    ZIP [no-check]           KerasModels.load(zip) (no-check: SelfCheck.SKIP)
 * ours-forward H5 SHAPE WARMUP N1 N16   forward passes through ConvertedModel.output (also reports
 *                                       fastInference and the conversion's time)
 * converted-dl4j-forward H5 SHAPE WARMUP N1 N16
 *                                       forward passes through ConvertedModel.dl4jOutputs: DL4J's own
 *                                       forward pass of the converted network, not the engine
 * ours-verify  H5 INPUT.npy EXPECTED.npy  KerasModels.load(h5).output(input) against Keras's output
 * compare      H5 INPUT.npy EXPECTED.npy  output(input) and dl4jOutputs(input)[0] against Keras's output,
 *                                       with fastInference (and, when false, the engine's reason)
 * validate-fast H5 SUMMARY              KerasValidation.of(h5).against(summary).fast().validate()
 * cli ARGS...                           the command line's Main (peak memory reported at exit)
 * fixture OUT.h5                        writes the page's AlexNet with AlexNetFixture's default seed
 * </pre>
 */
public final class Probe {
    static final String PREFIX = "@@bench ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> result = new LinkedHashMap<>();

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        long entered = System.nanoTime();
        if (args.length == 0) {
            System.err.println("usage: Probe TASK ARGS... (see the class's Javadoc)");
            System.exit(2);
        }
        String task = args[0];
        String[] a = Arrays.copyOfRange(args, 1, args.length);
        Probe probe = new Probe();
        if (task.equals("cli")) {
            // Main calls System.exit: report from a shutdown hook.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                probe.result.put("main_s", seconds(entered));
                probe.finish();
            }));
            org.keras2dl4j.cli.Main.main(a);
            return;
        }
        probe.run(task, a);
        probe.result.put("main_s", seconds(entered));
        probe.finish();
        // ND4J's and HDF5's native threads must not hold the JVM open.
        System.exit(0);
    }

    private void run(String task, String[] a) throws Exception {
        switch (task) {
            case "jvm" -> { }
            case "nd4j" -> result.put("op_s", time(Probe::startNd4j));
            case "dl4j-import" -> {
                startNd4j();
                measure(() -> params(importKeras(Path.of(a[0]))));
            }
            case "dl4j-save" -> {
                startNd4j();
                Model network = importKeras(Path.of(a[0]));
                File zip = new File(a[1]);
                measure(() -> {
                    ModelSerializer.writeModel(network, zip, false);
                    return zip.length();
                });
            }
            case "dl4j-load" -> {
                startNd4j();
                measure(() -> params(ComputationGraph.load(new File(a[0]), false)));
            }
            case "dl4j-forward" -> {
                startNd4j();
                Model network = importKeras(Path.of(a[0]));
                forward(a, x -> network instanceof ComputationGraph graph ? graph.output(false, x)[0]
                        : ((MultiLayerNetwork) network).output(x, false));
            }
            case "ours-convert" -> {
                startNd4j();
                measure(() -> params(KerasModels.load(Path.of(a[0])).network()));
            }
            case "ours-save" -> {
                startNd4j();
                ConvertedModel model = KerasModels.load(Path.of(a[0]));
                Path zip = Path.of(a[1]);
                boolean check = a.length < 3;
                measure(() -> {
                    if (check) {
                        model.save(zip);
                    } else {
                        model.save(zip, null);
                    }
                    return zip.toFile().length();
                });
            }
            case "ours-load" -> {
                startNd4j();
                SelfCheck check = a.length < 2 ? SelfCheck.RUN : SelfCheck.SKIP;
                measure(() -> params(KerasModels.load(Path.of(a[0]), null, check).network()));
            }
            case "ours-forward" -> {
                startNd4j();
                long start = System.nanoTime();
                ConvertedModel model = KerasModels.load(Path.of(a[0]));
                result.put("convert_s", seconds(start));
                result.put("fast_inference", model.fastInference());
                forward(a, model::output);
            }
            case "converted-dl4j-forward" -> {
                startNd4j();
                ConvertedModel model = KerasModels.load(Path.of(a[0]));
                forward(a, x -> model.dl4jOutputs(x)[0]);
            }
            case "ours-verify" -> {
                startNd4j();
                ConvertedModel model = KerasModels.load(Path.of(a[0]));
                INDArray input = Nd4j.createFromNpyFile(new File(a[1]));
                INDArray expected = Nd4j.createFromNpyFile(new File(a[2]));
                INDArray actual = model.output(input);
                result.put("shape", Arrays.toString(actual.shape()));
                result.put("max_abs_diff", Arrays.equals(actual.shape(), expected.shape())
                        ? actual.sub(expected).amaxNumber().doubleValue() : Double.NaN);
            }
            case "compare" -> {
                startNd4j();
                ConvertedModel model = KerasModels.load(Path.of(a[0]));
                result.put("fast_inference", model.fastInference());
                InferenceEngine.unsupportedReason(model.network()).ifPresent(r -> result.put("engine_reason", r));
                result.put("params", model.network().numParams());
                INDArray input = Nd4j.createFromNpyFile(new File(a[1]));
                INDArray expected = Nd4j.createFromNpyFile(new File(a[2]));
                result.put("input_shape", Arrays.toString(input.shape()));
                result.put("max_abs_diff", maxAbsDiff(model.output(input), expected));
                result.put("dl4j_max_abs_diff", maxAbsDiff(model.dl4jOutputs(input)[0], expected));
            }
            case "validate-fast" -> measure(() -> {
                Comparison comparison = KerasValidation.of(Path.of(a[0])).against(Path.of(a[1])).fast().validate();
                result.put("matches", comparison.matches());
                return null;
            });
            case "fixture" -> measure(() -> {
                AlexNetFixture.write(Path.of(a[0]), AlexNetFixture.DEFAULT_SEED);
                return null;
            });
            default -> throw new IllegalArgumentException("unknown task: " + task);
        }
    }

    /** Largest |actual - expected|, or NaN when the shapes differ. */
    private static double maxAbsDiff(INDArray actual, INDArray expected) {
        return Arrays.equals(actual.shape(), expected.shape())
                ? actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                : Double.NaN;
    }

    /** Times {@code operation} with the resident memory before it; its result, if any, goes in "value". */
    private void measure(Operation operation) throws Exception {
        result.put("rss_before", ProcStatus.rss());
        long start = System.nanoTime();
        Object value = operation.run();
        result.put("op_s", seconds(start));
        if (value != null) {
            result.put("value", value);
        }
    }

    /** Warm-up, then N1 passes of batch 1 and N16 of batch 16, each timed; inputs uniform in [0, 1). */
    private void forward(String[] a, Function<INDArray, INDArray> output) {
        long[] sample = Arrays.stream(a[1].split(",")).mapToLong(Long::parseLong).toArray();
        int warmup = Integer.parseInt(a[2]);
        int n1 = Integer.parseInt(a[3]);
        int n16 = Integer.parseInt(a[4]);
        Nd4j.getRandom().setSeed(1234);
        INDArray x1 = Nd4j.rand(DataType.FLOAT, batchShape(1, sample));
        INDArray x16 = Nd4j.rand(DataType.FLOAT, batchShape(16, sample));
        result.put("rss_before", ProcStatus.rss());
        for (int i = 0; i < warmup; i++) {
            output.apply(x1);
            output.apply(x16);
        }
        result.put("b1_s", passes(n1, output, x1));
        result.put("b16_s", passes(n16, output, x16));
    }

    private static List<Double> passes(int n, Function<INDArray, INDArray> output, INDArray x) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            INDArray y = output.apply(x);
            times.add(seconds(start));
            if (y.size(0) != x.size(0)) {
                throw new IllegalStateException("output batch " + y.size(0) + " for input batch " + x.size(0));
            }
        }
        return times;
    }

    private static long[] batchShape(long batch, long[] sample) {
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    /** Plain DL4J, as its documentation shows it: functional models as graphs, Sequential as networks. */
    private static Model importKeras(Path h5) throws Exception {
        try {
            return KerasModelImport.importKerasModelAndWeights(h5.toString(), false);
        } catch (Exception e) {
            // DL4J refuses a Sequential model as a graph ("Model class name must be Model").
            if (String.valueOf(e.getMessage()).contains("Model class name")) {
                return KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
            }
            throw e;
        }
    }

    private static long params(Model network) {
        return network.numParams();
    }

    private static void startNd4j() {
        Nd4j.create(DataType.FLOAT, 1).addi(1);
    }

    private static double time(Runnable runnable) {
        long start = System.nanoTime();
        runnable.run();
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void finish() {
        result.put("peak_rss", ProcStatus.peakRss());
        result.put("cpu_s", ProcStatus.cpuSeconds());
        try {
            System.out.println(PREFIX + JSON.writeValueAsString(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.flush();
    }

    @FunctionalInterface
    private interface Operation {
        Object run() throws Exception;
    }
}
