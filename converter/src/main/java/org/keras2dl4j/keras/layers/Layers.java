package org.keras2dl4j.keras.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;

/**
 * The table from Keras {@code class_name} to the {@link LayerType} that knows everything about it.
 * It is the one place that says which Keras layers the toolkit supports: a class that is not here is
 * refused by name before DL4J is asked anything. Keras 3 records the operations of a functional
 * graph ({@code x + 3.0}) as layers of module {@code keras.src.ops.*}, whose class names ({@code Add},
 * {@code Multiply}) are also layer names: they have a table of their own.
 */
public final class Layers {
    private static final LayerType IDENTITY = new IdentityType();
    private static final LayerType POOLING_2D = new Pooling2DType();
    private static final LayerType GLOBAL_POOLING_2D = new GlobalPooling2DType();
    private static final LayerType POOLING_1D = new Pooling1DType();
    private static final LayerType GLOBAL_POOLING_1D = new GlobalPooling1DType();
    private static final LayerType MERGE = new MergeType();
    private static final LayerType CONCATENATE = new ConcatenateType();
    private static final LayerType ACTIVATION = new ActivationType();
    private static final LayerType CONV_2D = new Conv2DType();
    private static final LayerType CONV_1D = new Conv1DType();
    private static final LayerType DENSE = new DenseType();
    private static final LayerType ARITHMETIC = new ArithmeticOpType();

    private static final Map<String, LayerType> BY_CLASS = Map.ofEntries(
            Map.entry("InputLayer", new InputLayerType()),
            Map.entry("Conv2D", CONV_2D),
            Map.entry("Conv2DTranspose", new Conv2DTransposeType()),
            Map.entry("Dense", DENSE),
            Map.entry("BatchNormalization", new BatchNormalizationType()),
            Map.entry("LayerNormalization", new LayerNormalizationType()),
            Map.entry("Normalization", new NormalizationType()),
            Map.entry("LayerScale", new LayerScaleType()),
            Map.entry("MaxPooling2D", POOLING_2D),
            Map.entry("AveragePooling2D", POOLING_2D),
            Map.entry("GlobalAveragePooling2D", GLOBAL_POOLING_2D),
            Map.entry("GlobalMaxPooling2D", GLOBAL_POOLING_2D),
            Map.entry("Flatten", new FlattenType()),
            Map.entry("Dropout", IDENTITY),
            Map.entry("SpatialDropout1D", IDENTITY),
            Map.entry("SpatialDropout2D", IDENTITY),
            Map.entry("GaussianNoise", IDENTITY),
            Map.entry("GaussianDropout", IDENTITY),
            Map.entry("AlphaDropout", IDENTITY),
            Map.entry("ActivityRegularization", IDENTITY),
            Map.entry("Masking", new MaskingType()),
            Map.entry("Activation", ACTIVATION),
            Map.entry("ReLU", ACTIVATION),
            Map.entry("LeakyReLU", ACTIVATION),
            Map.entry("ELU", ACTIVATION),
            Map.entry("Softmax", ACTIVATION),
            Map.entry("ThresholdedReLU", ACTIVATION),
            Map.entry("PReLU", new PReLUType()),
            Map.entry("Conv1D", CONV_1D),
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
            Map.entry("LSTM", new RecurrentType(RecurrentType.Cell.LSTM)),
            Map.entry("GRU", new RecurrentType(RecurrentType.Cell.GRU)),
            Map.entry("SimpleRNN", new RecurrentType(RecurrentType.Cell.SIMPLE)),
            Map.entry("Bidirectional", new BidirectionalType()),
            Map.entry("TimeDistributed", new TimeDistributedType()),
            Map.entry("MultiHeadAttention", new MultiHeadAttentionType()),
            Map.entry("Add", MERGE),
            Map.entry("Subtract", MERGE),
            Map.entry("Multiply", MERGE),
            Map.entry("Average", MERGE),
            Map.entry("Maximum", MERGE),
            Map.entry("Minimum", MERGE),
            Map.entry("Concatenate", CONCATENATE),
            Map.entry("TFOpLambda", ARITHMETIC),
            // Keras 1 class names; their Keras 1 fields are renamed first (Keras1Fields).
            Map.entry("Convolution2D", CONV_2D),
            Map.entry("Convolution1D", CONV_1D),
            Map.entry("TimeDistributedDense", DENSE),
            Map.entry("Rescaling", new RescalingType()),
            Map.entry("RandomFlip", IDENTITY),
            Map.entry("RandomRotation", IDENTITY),
            Map.entry("RandomZoom", IDENTITY),
            Map.entry("RandomTranslation", IDENTITY),
            Map.entry("RandomContrast", IDENTITY),
            Map.entry("RandomBrightness", IDENTITY));

    /** Keras 3's graph operations (keras/src/ops/numpy.py), by class name. */
    private static final Map<String, LayerType> KERAS3_OPS = Map.of(
            "Add", ARITHMETIC,
            "Subtract", ARITHMETIC,
            "Multiply", ARITHMETIC,
            "Divide", ARITHMETIC,
            "TrueDivide", ARITHMETIC,
            "Maximum", ARITHMETIC,
            "Minimum", ARITHMETIC);

    /** The module prefix Keras 3 gives its graph operations. */
    static final String KERAS3_OPS_MODULE = "keras.src.ops";

    private Layers() {
    }

    /** The descriptor of {@code layer}'s class (a Keras 3 op's, for {@code keras.src.ops.*}), if supported. */
    public static Optional<LayerType> forLayer(LayerSpec layer) {
        if (isKeras3Op(layer)) {
            return Optional.ofNullable(KERAS3_OPS.get(layer.className()));
        }
        return Optional.ofNullable(BY_CLASS.get(layer.className()));
    }

    /**
     * Whether {@code layer} is an operation Keras 3 recorded in a functional graph: its module says
     * so, or, in Keras 3's legacy {@code .h5} which records no modules, it has an op's class and an
     * op's config, which holds its name alone (a layer's also has trainable and dtype).
     */
    static boolean isKeras3Op(LayerSpec layer) {
        if (layer.module() != null) {
            return layer.module().startsWith(KERAS3_OPS_MODULE);
        }
        return KERAS3_OPS.containsKey(layer.className()) && layer.config().size() == 1 && layer.config().has("name");
    }

    /** Every supported Keras class name, sorted, Keras 3's ops as {@code ops.Add}. */
    public static Set<String> supportedClasses() {
        Set<String> names = new TreeSet<>(BY_CLASS.keySet());
        KERAS3_OPS.keySet().forEach(op -> names.add("ops." + op));
        return names;
    }

    /** The one input of a single-input layer. */
    static Shape single(LayerConfig layer, List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new InvalidModelException(layer.where() + ": expects 1 input, found " + inputs.size());
        }
        return inputs.get(0);
    }
}
