package org.keras2dl4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.ModelConfigParser;
import org.keras2dl4j.keras.ModelInference;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.WeightCheck;
import org.keras2dl4j.keras.WeightSource;

/**
 * Opens Keras model files of every supported kind into a {@link KerasModelFile}: a full-model
 * {@code .h5} ({@code model.save}, Keras 1 to 3), a Keras v3 {@code .keras} archive or its unzipped
 * directory, a model JSON ({@code model.to_json()}) optionally with a weights-only {@code .h5}
 * ({@code save_weights}, in the Keras 1/2 layout or the Keras v3 one). Reads the architecture and
 * indexes the weights (names and shapes); no weight value is read here.
 */
public final class KerasFiles {
    private KerasFiles() {
    }

    /**
     * Opens {@code model}, with weights from {@code weights} when it is not null.
     *
     * @throws InvalidModelException when a file is missing, unreadable or not Keras
     * @throws UnsupportedFeatureException when a file is of a kind this reader does not handle
     */
    public static KerasModelFile open(Path model, Path weights) {
        ModelFormat format = ModelFormat.of(model);
        return switch (format) {
            case HDF5 -> openH5(model, weights);
            case JSON -> openJson(model, weights);
            case KERAS_ARCHIVE, KERAS_DIRECTORY -> openArchive(model, weights);
            case ZIP -> throw new UnsupportedFeatureException(model.getFileName()
                    + ": is a zip archive without a Keras config.json; a DL4J .zip written by convert is loaded "
                    + "with KerasModels.load");
        };
    }

    /**
     * What Keras would say of {@code model}, from its config and its weights' shapes alone: opens
     * the files, infers every layer's shapes and weights, checks the stored weights' shapes (when
     * there are weights), and closes the files. Reads no weight value and needs no ND4J.
     */
    public static InferredModel inspect(Path model, Path weights) {
        return inspect(model, weights, List.of());
    }

    /** Like {@link #inspect(Path, Path)}, the model's open input dimensions taken from {@code inputShapes}. */
    public static InferredModel inspect(Path model, Path weights, List<Shape> inputShapes) {
        try (KerasModelFile file = open(model, weights)) {
            InferredModel inferred;
            try {
                inferred = ModelInference.infer(file.config(), inputShapes);
            } catch (ArithmeticException e) {
                throw overflow(model, e);
            }
            WeightCheck.checkCounts(inferred, model.getFileName().toString());
            file.weights().ifPresent(source -> WeightCheck.verify(inferred, source));
            return inferred;
        }
    }

    /** A model whose sizes overflow a long, as a one-line refusal naming the file. */
    static InvalidModelException overflow(Path model, ArithmeticException e) {
        return new InvalidModelException(model.getFileName() + ": the model's layer sizes overflow a long ("
                + e.getMessage() + "); its config declares absurd or damaged sizes", e);
    }

    private static KerasModelFile openJson(Path model, Path weights) {
        String name = model.getFileName().toString();
        String json;
        try {
            long size = Files.size(model);
            if (size > ArchiveLimits.DEFAULT.maxJsonBytes()) {
                throw new InvalidModelException(name + ": has " + size + " bytes, more than the "
                        + ArchiveLimits.DEFAULT.maxJsonBytes() + " a model JSON may have");
            }
            json = new String(Files.readAllBytes(model), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the file (" + e.getMessage() + ")");
        }
        ModelConfig config = ModelConfigParser.parse(json, name, null, null);
        return new KerasModelFile(model, config, weights == null ? null : openWeights(weights, config));
    }

    private static KerasModelFile openArchive(Path model, Path weights) {
        String name = model.getFileName().toString();
        KerasArchive archive = KerasArchive.open(model, ArchiveLimits.DEFAULT);
        try {
            ModelConfig config = ModelConfigParser.parse(archive.configJson(), name, archive.kerasVersion(), null);
            if (weights != null) {
                archive.close();
                return new KerasModelFile(model, config, openWeights(weights, config));
            }
            // Messages name the archive's entry, not the temporary copy HDF5 reads.
            Hdf5File file = Hdf5File.openReadOnly(archive.weightsFile(), model + "!" + KerasArchive.WEIGHTS_H5);
            try {
                return new KerasModelFile(model, config, KerasV3Weights.index(file, config, model, archive::close));
            } catch (RuntimeException e) {
                file.close();
                throw e;
            }
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    private static KerasModelFile openH5(Path model, Path weights) {
        String name = model.getFileName().toString();
        Hdf5File file = Hdf5File.openReadOnly(model);
        try {
            Hdf5Group root = file.root();
            if (!root.hasAttribute("model_config")) {
                throw new InvalidModelException(name + ": is an HDF5 file without a 'model_config' attribute "
                        + "(a weights-only file from save_weights?); give the model JSON as MODEL and this file "
                        + "as its weights");
            }
            String json = root.stringAttribute("model_config").orElseThrow();
            ModelConfig config = ModelConfigParser.parse(json, name,
                    root.stringAttribute("keras_version").orElse(null), root.stringAttribute("backend").orElse(null));
            if (weights != null) {
                file.close();
                return new KerasModelFile(model, config, openWeights(weights, config));
            }
            Hdf5Group weightsRoot = root.hasGroup("model_weights") ? root.group("model_weights") : root;
            return new KerasModelFile(model, config, H5Weights.index(file, weightsRoot).withNestedModels(config));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static WeightSource openWeights(Path weights, ModelConfig config) {
        if (ModelFormat.of(weights) != ModelFormat.HDF5) {
            throw new InvalidModelException(weights.getFileName() + ": a weights file must be HDF5 (.h5)");
        }
        Hdf5File file = Hdf5File.openReadOnly(weights);
        try {
            Hdf5Group root = file.root();
            if (KerasV3Weights.isV3Layout(root)) {
                // save_weights("x.weights.h5") of Keras 3 and tf_keras 2.13+ (saving_lib.save_weights_only).
                return KerasV3Weights.index(file, config, weights, () -> { });
            }
            return H5Weights.index(file, root.hasGroup("model_weights") ? root.group("model_weights") : root)
                    .withNestedModels(config);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
