package org.keras2dl4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;

/**
 * The baseline of the corpus report: plain DL4J 1.0.0-M2.1 {@code KerasModelImport}, as a user
 * would call it (enforceTrainingConfig=false), run in a child JVM because it can crash the JVM in
 * native code or hang. Reads lines {@code MODEL<TAB>WEIGHTS-or-empty[<TAB>INPUT.npy<TAB>EXPECTED.npy]}
 * on stdin and prints {@code RESULT<TAB>OK} (with an input: {@code RESULT<TAB>OK<TAB>max |difference|}
 * of the imported network's output from the expected one) or {@code RESULT<TAB>FAIL<TAB>message} for
 * each, after a {@code START} line.
 */
public final class PlainDl4jImport {
    private PlainDl4jImport() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t", -1);
            System.out.println("START");
            System.out.flush();
            String result;
            try {
                Object network = importModel(parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null);
                result = "OK";
                if (parts.length > 3 && network != null) {
                    result += "\t" + difference(network, parts[2], parts[3]);
                }
            } catch (Throwable e) {
                String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                result = "FAIL\t" + e.getClass().getSimpleName() + ": "
                        + message.substring(0, Math.min(message.length(), 200));
            }
            System.out.println("RESULT\t" + result);
            System.out.flush();
        }
    }

    /** Max |difference| of the imported network's output for INPUT.npy from EXPECTED.npy. */
    private static double difference(Object network, String input, String expected) {
        org.nd4j.linalg.api.ndarray.INDArray x = org.keras2dl4j.io.Npy.read(java.nio.file.Path.of(input))
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        org.nd4j.linalg.api.ndarray.INDArray y = network instanceof org.deeplearning4j.nn.graph.ComputationGraph g
                ? g.output(false, x)[0] : ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) network).output(x, false);
        org.nd4j.linalg.api.ndarray.INDArray want = org.keras2dl4j.io.Npy.read(java.nio.file.Path.of(expected))
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        if (!java.util.Arrays.equals(y.shape(), want.shape())) {
            throw new IllegalStateException("output of shape " + java.util.Arrays.toString(y.shape()) + ", Keras's is "
                    + java.util.Arrays.toString(want.shape()));
        }
        return y.sub(want).amaxNumber().doubleValue();
    }

    /**
     * Sequential import first, then functional, as a user would try them; JSON alone: configuration
     * only. The network, or null for a configuration.
     */
    private static Object importModel(String model, String weights) throws Exception {
        boolean json = model.endsWith(".json");
        try {
            if (json && weights == null) {
                KerasModelImport.importKerasSequentialConfiguration(model, false);
                return null;
            } else if (json) {
                return KerasModelImport.importKerasSequentialModelAndWeights(model, weights, false);
            } else {
                return KerasModelImport.importKerasSequentialModelAndWeights(model, false);
            }
        } catch (Exception sequentialFailed) {
            try {
                if (json && weights == null) {
                    KerasModelImport.importKerasModelConfiguration(model, false);
                    return null;
                } else if (json) {
                    return KerasModelImport.importKerasModelAndWeights(model, weights, false);
                } else {
                    return KerasModelImport.importKerasModelAndWeights(model, false);
                }
            } catch (Exception functionalFailed) {
                // For a Sequential model the sequential import's failure is the one that says why.
                throw String.valueOf(functionalFailed.getMessage()).contains("found Sequential")
                        ? sequentialFailed : functionalFailed;
            }
        }
    }
}
