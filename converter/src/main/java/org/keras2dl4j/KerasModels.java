package org.keras2dl4j;

import java.nio.file.Path;
import java.util.List;
import org.keras2dl4j.dl4j.Dl4jConverter;
import org.keras2dl4j.dl4j.Dl4jNetwork;
import org.keras2dl4j.dl4j.NetworkArchive;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.KerasModelFile;
import org.keras2dl4j.io.ModelFormat;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.ModelInference;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.keras.WeightCheck;
import org.keras2dl4j.keras.WeightSource;

/**
 * Entry point for JVM applications: loads a Keras model with its weights as a DL4J network.
 *
 * <pre>{@code
 * ConvertedModel model = KerasModels.load(Path.of("alexnet.h5"));
 * INDArray probabilities = model.output(images); // images: [n, 224, 224, 3], as in Keras
 * }</pre>
 *
 * <p>Every failure is a {@link Keras2Dl4jException} whose message names the file and, where it
 * applies, the layer, the weight, and the expected and actual values.
 */
public final class KerasModels {
    private KerasModels() {
    }

    /**
     * Loads a Keras full-model {@code .h5} (from {@code model.save}), or a {@code .zip} written by
     * {@link ConvertedModel#save}.
     */
    public static ConvertedModel load(Path model) {
        return load(model, null);
    }

    /**
     * Loads a Keras model JSON ({@code model.to_json()}) with the weights-only {@code .h5} that
     * {@code save_weights} wrote; with {@code weights} null, {@code model} must hold its own weights
     * (a full-model {@code .h5}, or a {@code .zip} written by {@link ConvertedModel#save}). A zip's
     * stored test vector is re-run ({@link SelfCheck#RUN}).
     */
    public static ConvertedModel load(Path model, Path weights) {
        return load(model, weights, SelfCheck.RUN);
    }

    /**
     * Like {@link #load(Path, Path)}; with {@link SelfCheck#SKIP} a zip's stored test vector is not
     * re-run.
     *
     * @throws InvalidModelException when the zip's network does not compute its stored test vector's
     *     outputs within its tolerance, naming the output, the position and both values
     */
    public static ConvertedModel load(Path model, Path weights, SelfCheck selfCheck) {
        return load(model, weights, selfCheck, Progress.NONE);
    }

    /** Like {@link #load(Path, Path, SelfCheck)}, reporting the binding of the weights to {@code progress}. */
    public static ConvertedModel load(Path model, Path weights, SelfCheck selfCheck, Progress progress) {
        return load(model, weights, selfCheck, progress, List.of());
    }

    /**
     * Like {@link #load(Path, Path, SelfCheck, Progress)}, with the sizes of the model's open input
     * dimensions: {@code inputShapes} (batch first, one per model input) fill the dimensions the Keras
     * model leaves open ({@code None}), which a DL4J network needs (image sizes, sequence lengths).
     * Ignored for a {@code .zip}, whose network has them already.
     */
    public static ConvertedModel load(Path model, Path weights, SelfCheck selfCheck, Progress progress,
            List<Shape> inputShapes) {
        if (weights == null && ModelFormat.of(model) == ModelFormat.ZIP) {
            ConvertedModel converted = new ConvertedModel(NetworkArchive.read(model), model.getFileName().toString());
            if (selfCheck == SelfCheck.RUN) {
                NetworkArchive.readTestVector(model).ifPresent(v -> converted.check(v, model.getFileName().toString()));
            }
            return converted;
        }
        try (KerasModelFile file = KerasFiles.open(model, weights)) {
            InferredModel inferred = ModelInference.infer(file.config(), inputShapes);
            WeightSource source = file.weights().orElseThrow(() -> new InvalidModelException(
                    model.getFileName() + ": holds no weights; give the weights file that save_weights wrote"));
            WeightCheck.verify(inferred, source);
            Dl4jNetwork network = Dl4jConverter.build(inferred, source, progress);
            return new ConvertedModel(network);
        }
    }

    /**
     * The Keras summary of {@code model}, once its DL4J network is planned and checked against it
     * (so a model keras2dl4j cannot convert exactly is refused, never summarised with DL4J's
     * figures); weights, when present, have their shapes checked but no value is read.
     * {@code weights} may be null. Works for a model JSON alone.
     */
    public static NetworkSummary summary(Path model, Path weights) {
        return summary(model, weights, List.of());
    }

    /** Like {@link #summary(Path, Path)}, with the sizes of the model's open input dimensions (see {@link #load}). */
    public static NetworkSummary summary(Path model, Path weights, List<Shape> inputShapes) {
        if (weights == null && ModelFormat.of(model) == ModelFormat.ZIP) {
            return NetworkArchive.read(model).summary();
        }
        InferredModel inferred = KerasFiles.inspect(model, weights, inputShapes);
        Dl4jConverter.plan(inferred);
        return inferred.summary();
    }
}
