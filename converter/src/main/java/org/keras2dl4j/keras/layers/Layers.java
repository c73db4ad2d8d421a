package org.keras2dl4j.keras.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * The table from Keras {@code class_name} to the {@link LayerType} that knows its shapes and
 * weights. It is the one place that says which Keras layers the toolkit supports; a class that is
 * not here is refused by name before DL4J is asked anything.
 */
public final class Layers {
    private static final LayerType IDENTITY = new IdentityType();
    private static final LayerType POOLING_2D = new Pooling2DType();
    private static final LayerType GLOBAL_POOLING_2D = new GlobalPooling2DType();
    private static final LayerType POOLING_1D = new Pooling1DType();
    private static final LayerType GLOBAL_POOLING_1D = new GlobalPooling1DType();
    private static final LayerType MERGE = new MergeType(false);
    private static final LayerType AUGMENTATION = new AugmentationType();

    private static final Map<String, LayerType> BY_CLASS = Map.ofEntries(
            Map.entry("InputLayer", new InputLayerType()),
            Map.entry("Conv2D", new Conv2DType()),
            Map.entry("Dense", new DenseType()),
            Map.entry("BatchNormalization", new BatchNormalizationType()),
            Map.entry("MaxPooling2D", POOLING_2D),
            Map.entry("AveragePooling2D", POOLING_2D),
            Map.entry("GlobalAveragePooling2D", GLOBAL_POOLING_2D),
            Map.entry("GlobalMaxPooling2D", GLOBAL_POOLING_2D),
            Map.entry("Flatten", new FlattenType()),
            Map.entry("Dropout", IDENTITY),
            Map.entry("SpatialDropout2D", IDENTITY),
            Map.entry("GaussianNoise", IDENTITY),
            Map.entry("GaussianDropout", IDENTITY),
            Map.entry("AlphaDropout", IDENTITY),
            Map.entry("Activation", IDENTITY),
            Map.entry("ReLU", IDENTITY),
            Map.entry("LeakyReLU", IDENTITY),
            Map.entry("ELU", IDENTITY),
            Map.entry("Softmax", IDENTITY),
            Map.entry("PReLU", new PReLUType()),
            Map.entry("ThresholdedReLU", IDENTITY),
            Map.entry("Masking", IDENTITY),
            Map.entry("ActivityRegularization", IDENTITY),
            Map.entry("SpatialDropout1D", IDENTITY),
            Map.entry("Conv1D", new Conv1DType()),
            Map.entry("MaxPooling1D", POOLING_1D),
            Map.entry("AveragePooling1D", POOLING_1D),
            Map.entry("GlobalAveragePooling1D", GLOBAL_POOLING_1D),
            Map.entry("GlobalMaxPooling1D", GLOBAL_POOLING_1D),
            Map.entry("ZeroPadding2D", Padding2DType.zeroPadding()),
            Map.entry("Cropping2D", Padding2DType.cropping()),
            Map.entry("UpSampling2D", new UpSampling2DType()),
            Map.entry("DepthwiseConv2D", new DepthwiseConv2DType(false)),
            Map.entry("SeparableConv2D", new DepthwiseConv2DType(true)),
            Map.entry("Reshape", new ReshapeType()),
            Map.entry("Permute", new PermuteType()),
            Map.entry("Embedding", new EmbeddingType()),
            Map.entry("LSTM", new RecurrentType(4)),
            Map.entry("SimpleRNN", new RecurrentType(1)),
            Map.entry("Add", MERGE),
            Map.entry("Subtract", MERGE),
            Map.entry("Multiply", MERGE),
            Map.entry("Average", MERGE),
            Map.entry("Maximum", MERGE),
            Map.entry("Concatenate", new MergeType(true)),
            // Keras 1 class names; their Keras 1 fields are renamed first (Keras1Fields).
            Map.entry("Convolution2D", new Conv2DType()),
            Map.entry("Convolution1D", new Conv1DType()),
            Map.entry("TimeDistributedDense", new DenseType()),
            Map.entry("Rescaling", new RescalingType()),
            Map.entry("RandomFlip", AUGMENTATION),
            Map.entry("RandomRotation", AUGMENTATION),
            Map.entry("RandomZoom", AUGMENTATION),
            Map.entry("RandomTranslation", AUGMENTATION),
            Map.entry("RandomContrast", AUGMENTATION),
            Map.entry("RandomBrightness", AUGMENTATION));

    private Layers() {
    }

    /** The type that handles {@code className}, if the toolkit supports it. */
    public static Optional<LayerType> forClass(String className) {
        return Optional.ofNullable(BY_CLASS.get(className));
    }

    /** Every supported Keras class name, sorted. */
    public static Set<String> supportedClasses() {
        return new TreeSet<>(BY_CLASS.keySet());
    }

    /** The one input of a single-input layer. */
    static Shape single(LayerConfig layer, List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new InvalidModelException(layer.where() + ": expects 1 input, found " + inputs.size());
        }
        return inputs.get(0);
    }
}
