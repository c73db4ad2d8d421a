package org.keras2dl4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;

/**
 * The baseline of the corpus report: plain DL4J 1.0.0-M2.1 {@code KerasModelImport}, as a user
 * would call it (enforceTrainingConfig=false), run in a child JVM because it can crash the JVM in
 * native code or hang. Reads lines {@code MODEL<TAB>WEIGHTS-or-empty} on stdin and prints
 * {@code RESULT<TAB>OK} or {@code RESULT<TAB>FAIL<TAB>message} for each, after a {@code START} line.
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
                importModel(parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null);
                result = "OK";
            } catch (Throwable e) {
                String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                result = "FAIL\t" + e.getClass().getSimpleName() + ": "
                        + message.substring(0, Math.min(message.length(), 200));
            }
            System.out.println("RESULT\t" + result);
            System.out.flush();
        }
    }

    /** Sequential import first, then functional, as a user would try them; JSON alone: configuration only. */
    private static void importModel(String model, String weights) throws Exception {
        boolean json = model.endsWith(".json");
        try {
            if (json && weights == null) {
                KerasModelImport.importKerasSequentialConfiguration(model, false);
            } else if (json) {
                KerasModelImport.importKerasSequentialModelAndWeights(model, weights, false);
            } else {
                KerasModelImport.importKerasSequentialModelAndWeights(model, false);
            }
        } catch (Exception sequentialFailed) {
            try {
                if (json && weights == null) {
                    KerasModelImport.importKerasModelConfiguration(model, false);
                } else if (json) {
                    KerasModelImport.importKerasModelAndWeights(model, weights, false);
                } else {
                    KerasModelImport.importKerasModelAndWeights(model, false);
                }
            } catch (Exception functionalFailed) {
                // For a Sequential model the sequential import's failure is the one that says why.
                throw String.valueOf(functionalFailed.getMessage()).contains("found Sequential")
                        ? sequentialFailed : functionalFailed;
            }
        }
    }
}
