package org.keras2dl4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;

/**
 * Makes SYNTHETIC Keras v3 archives for tests: a tiny Sequential model (Input(4) -> Rescaling ->
 * Dense(3)) written in Keras 3's layouts (config.json as Keras 3.15 writes it, model.weights.h5 by
 * layer path), and zips with whatever extra entries a test wants, hostile ones included. Never a
 * stand-in for a file real Keras wrote.
 */
public final class SyntheticKerasArchives {
    public static final float[] KERNEL = {0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f, -2f, 0.125f, 1f, 3f, -0.5f, 0.0625f};
    public static final float[] BIAS = {0.1f, -0.2f, 0.3f};

    private SyntheticKerasArchives() {
    }

    /** Keras 3's config.json of the synthetic model, with the given Rescaling scale and offset. */
    public static String config(double scale, double offset) {
        String dtype = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, "
                + "\"registered_name\": null}";
        return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"synthetic\", "
                + "\"trainable\": true, \"dtype\": " + dtype + ", \"layers\": ["
                + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], "
                + "\"dtype\": \"float32\", \"sparse\": false, \"name\": \"input_layer\"}, \"registered_name\": null},"
                + "{\"module\": \"keras.layers\", \"class_name\": \"Rescaling\", \"config\": {\"name\": \"rescaling\", "
                + "\"trainable\": true, \"dtype\": " + dtype + ", \"scale\": " + scale + ", \"offset\": " + offset
                + "}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 4]}},"
                + "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", "
                + "\"trainable\": true, \"dtype\": " + dtype + ", \"units\": 3, \"activation\": \"linear\", "
                + "\"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": "
                + "\"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null}, \"bias_initializer\": "
                + "{\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}, "
                + "\"kernel_regularizer\": {\"module\": \"keras.regularizers\", \"class_name\": \"L2\", \"config\": "
                + "{\"l2\": 0.01}, \"registered_name\": null}, \"bias_regularizer\": null, \"kernel_constraint\": null, "
                + "\"bias_constraint\": null}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 4]}}"
                + "], \"build_input_shape\": [null, 4]}, \"registered_name\": null}";
    }

    /** Writes the synthetic model's model.weights.h5 (saving_lib.py layout; Sequential leaves out its InputLayer). */
    public static void writeWeights(Path target) {
        try (Hdf5File file = Hdf5File.create(target)) {
            Hdf5Group root = file.root();
            root.createGroup("layers/rescaling/vars");
            Hdf5Group dense = root.createGroup("layers/dense/vars");
            dense.setStringAttribute("name", "dense");
            dense.createFloatDataset("0", new long[] {4, 3}, FloatBuffer.wrap(KERNEL));
            dense.createFloatDataset("1", new long[] {3}, FloatBuffer.wrap(BIAS));
            root.createGroup("vars");
        }
    }

    /** The entries of a well-formed archive of the synthetic model. */
    public static Map<String, byte[]> entries(Path scratch, double scale, double offset) throws IOException {
        Path weights = scratch.resolve("synthetic-model.weights.h5");
        writeWeights(weights);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.json", "{\"keras_version\": \"3.15.1\", \"date_saved\": \"synthetic\"}"
                .getBytes(StandardCharsets.UTF_8));
        entries.put("config.json", config(scale, offset).getBytes(StandardCharsets.UTF_8));
        entries.put("model.weights.h5", Files.readAllBytes(weights));
        Files.delete(weights);
        return entries;
    }

    /** Zips {@code entries} into {@code target}, deflated when {@code deflate}, stored otherwise. */
    public static Path zip(Path target, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(deflate ? 9 : 0);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }
}
