package org.keras2dl4j.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.keras2dl4j.dl4j.LayerInfo;
import org.keras2dl4j.dl4j.ModelInfo;
import org.keras2dl4j.keras.Shape;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runs a converted network's forward pass with ND4J's own operations instead of DL4J's layers:
 * {@code conv2d}, {@code maxpool2d}/{@code avgpool2d} and {@code batchnorm} custom ops in channels-last
 * layout (on the {@code -onednn} backend these run oneDNN's kernels, which DL4J 1.0.0-M2.1's layers
 * never reach), a matrix product for Dense, activations through DL4J's own activation functions,
 * intermediate activations in a reused workspace. It reads the DL4J network's parameters (views; Dense
 * kernels get a row-major copy on the first batch of more than a few rows) and layer configurations,
 * so it computes what DL4J's {@code output} computes, up to float rounding, for a loaded zip as for
 * a fresh conversion.
 *
 * <p>It covers single-input, single-output chains of the layers in {@link #KERAS_CLASSES}; for any
 * other network {@link #of} returns empty and the caller keeps DL4J's forward pass.
 */
public final class InferenceEngine {
    /** The Keras layer classes the engine runs (anything else leaves the model to DL4J). */
    public static final Set<String> KERAS_CLASSES = Set.of("InputLayer", "Conv2D", "Convolution2D",
            "BatchNormalization", "MaxPooling2D", "AveragePooling2D", "Flatten", "Dense", "Dropout", "Activation");

    /** One workspace per thread for all engines: the activations of a pass, reused by the next. */
    private static final String WORKSPACE = "keras2dl4j-inference";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final List<Step> steps;

    private InferenceEngine(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * The engine for {@code network}, or empty when it uses something the engine does not run
     * ({@link #unsupportedReason} says what).
     */
    public static Optional<InferenceEngine> of(Model network, ModelInfo info, List<Shape> inputShapes) {
        Planner planner = new Planner(inputShapes);
        return planner.plan(network, info) ? Optional.of(new InferenceEngine(planner.steps)) : Optional.empty();
    }

    /** Why {@link #of} returns empty for {@code network}, or empty when it does not. */
    public static Optional<String> unsupportedReason(Model network, ModelInfo info, List<Shape> inputShapes) {
        Planner planner = new Planner(inputShapes);
        planner.plan(network, info);
        return Optional.ofNullable(planner.reason);
    }

    /** The network's output for {@code input} (Keras's layout, as DL4J's {@code output} takes it). */
    public INDArray output(INDArray input) {
        INDArray x = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        boolean callers = x == input;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
            for (Step step : steps) {
                if (callers && step.inPlace()) {
                    x = x.dup('c');
                }
                INDArray next = step.apply(x);
                callers &= next == x;
                x = next;
            }
            return callers ? x.dup() : x.detach();
        }
    }

    /** A network the engine does not run; the message says which layer and why. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** Turns a network's layers into steps, checking each against what the steps can compute. */
    private static final class Planner {
        private final List<Step> steps = new ArrayList<>();
        private String reason;
        private int rank;

        Planner(List<Shape> inputShapes) {
            rank = inputShapes.size() == 1 ? inputShapes.get(0).rank() : -1;
        }

        /** Plans {@code network}; false, with the {@link #reason}, when the engine cannot run it. */
        boolean plan(Model network, ModelInfo info) {
            try {
                planLayers(network, info);
                return true;
            } catch (Unsupported e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                // A configuration the planner misreads must not stop the model from running: DL4J runs it.
                reason = "cannot plan (" + e + ")";
            }
            return false;
        }

        private void planLayers(Model network, ModelInfo info) throws Unsupported {
            for (LayerInfo layer : info.layers()) {
                if (!KERAS_CLASSES.contains(layer.className())) {
                    throw new Unsupported("layer '" + layer.name() + "' (" + layer.className() + ")");
                }
            }
            if (rank != 2 && rank != 4) {
                throw new Unsupported("the model's input is not one batch of vectors or images");
            }
            if (network instanceof ComputationGraph graph) {
                planGraph(graph);
            } else if (network instanceof MultiLayerNetwork multiLayer) {
                MultiLayerConfiguration conf = multiLayer.getLayerWiseConfigurations();
                for (int i = 0; i < conf.getConfs().size(); i++) {
                    preprocessor(conf.getInputPreProcess(i), "layer " + i);
                    layer(conf.getConf(i).getLayer(), multiLayer.getLayer(i).paramTable(), "layer " + i);
                }
            } else {
                throw new Unsupported("network class " + network.getClass().getSimpleName());
            }
        }

        private void planGraph(ComputationGraph graph) throws Unsupported {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
                throw new Unsupported("more than one input or output");
            }
            String previous = conf.getNetworkInputs().get(0);
            for (String name : conf.getTopologicalOrderStr()) {
                if (name.equals(previous)) {
                    continue;
                }
                if (!List.of(previous).equals(conf.getVertexInputs().get(name))) {
                    throw new Unsupported("vertex '" + name + "' does not follow '" + previous + "' alone (not a chain)");
                }
                GraphVertex vertex = conf.getVertices().get(name);
                if (vertex instanceof LayerVertex layerVertex) {
                    preprocessor(layerVertex.getPreProcessor(), name);
                    layer(layerVertex.getLayerConf().getLayer(), graph.getLayer(name).paramTable(), name);
                } else if (vertex instanceof PreprocessorVertex preprocessorVertex) {
                    preprocessor(preprocessorVertex.getPreProcessor(), name);
                } else {
                    throw new Unsupported("vertex '" + name + "' (" + vertex.getClass().getSimpleName() + ")");
                }
                previous = name;
            }
            if (!conf.getNetworkOutputs().get(0).equals(previous)) {
                throw new Unsupported("the output is not the last vertex");
            }
        }

        private void preprocessor(InputPreProcessor preprocessor, String name) throws Unsupported {
            if (preprocessor == null) {
                return;
            }
            // DL4J flattens in C order whatever its format, as Keras's Flatten does for channels_last.
            if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten) {
                expectRank(4, name);
                steps.add(new Steps.Flatten(flatten));
                rank = 2;
            } else {
                throw new Unsupported("'" + name + "': preprocessor " + preprocessor.getClass().getSimpleName());
            }
        }

        private void layer(Layer layer, Map<String, INDArray> params, String name) throws Unsupported {
            for (INDArray param : params.values()) {
                if (param.dataType() != DataType.FLOAT) {
                    throw new Unsupported("'" + name + "': parameters of type " + param.dataType());
                }
            }
            Class<?> type = layer.getClass();
            if (type == ConvolutionLayer.class || type == Convolution2D.class) {
                convolution((ConvolutionLayer) layer, params, name);
            } else if (type == SubsamplingLayer.class) {
                pooling((SubsamplingLayer) layer, name);
            } else if (type == BatchNormalization.class) {
                batchNormalization((BatchNormalization) layer, params, name);
            } else if (type == DenseLayer.class) {
                DenseLayer dense = (DenseLayer) layer;
                expectRank(2, name);
                if (dense.isHasLayerNorm()) {
                    throw new Unsupported("'" + name + "': Dense with layer normalisation");
                }
                steps.add(new Steps.Dense(params.get(DefaultParamInitializer.WEIGHT_KEY),
                        dense.hasBias() ? params.get(DefaultParamInitializer.BIAS_KEY) : null, activation(dense.getActivationFn(), name)));
            } else if (type == DropoutLayer.class) {
                // identity at inference
            } else if (type == ActivationLayer.class) {
                steps.add(new Steps.Activation(activation(((ActivationLayer) layer).getActivationFn(), name)));
            } else {
                throw new Unsupported("'" + name + "': DL4J layer " + type.getSimpleName());
            }
        }

        private void convolution(ConvolutionLayer conv, Map<String, INDArray> params, String name) throws Unsupported {
            expectRank(4, name);
            channelsLast(conv.getCnn2dDataFormat(), name);
            int[] kernel = conv.getKernelSize();
            int[] stride = conv.getStride();
            int[] padding = conv.getPadding();
            int[] dilation = conv.getDilation();
            if (dilation[0] != 1 || dilation[1] != 1) {
                throw new Unsupported("'" + name + "': dilation " + dilation[0] + "x" + dilation[1]);
            }
            Conv2DConfig config = Conv2DConfig.builder()
                    .kH(kernel[0]).kW(kernel[1]).sH(stride[0]).sW(stride[1])
                    .pH(padding[0]).pW(padding[1]).dH(1).dW(1)
                    .paddingMode(paddingMode(conv.getConvolutionMode(), name))
                    .dataFormat("NHWC")
                    // DL4J's kernel is [out, in, kh, kw]: used as it is, no copy.
                    .weightsFormat(WeightsFormat.OIYX)
                    .build();
            INDArray bias = conv.hasBias() ? params.get(DefaultParamInitializer.BIAS_KEY).reshape(-1) : null;
            steps.add(new Steps.Convolution(params.get(DefaultParamInitializer.WEIGHT_KEY), bias, config,
                    activation(conv.getActivationFn(), name)));
        }

        private void pooling(SubsamplingLayer pool, String name) throws Unsupported {
            expectRank(4, name);
            channelsLast(pool.getCnn2dDataFormat(), name);
            PoolingType type = pool.getPoolingType();
            if (type != PoolingType.MAX && type != PoolingType.AVG) {
                throw new Unsupported("'" + name + "': pooling " + type);
            }
            int[] kernel = pool.getKernelSize();
            int[] stride = pool.getStride();
            int[] padding = pool.getPadding();
            int[] dilation = pool.getDilation();
            if (dilation[0] != 1 || dilation[1] != 1) {
                throw new Unsupported("'" + name + "': dilation " + dilation[0] + "x" + dilation[1]);
            }
            Pooling2DConfig config = Pooling2DConfig.builder()
                    .kH(kernel[0]).kW(kernel[1]).sH(stride[0]).sW(stride[1])
                    .pH(padding[0]).pW(padding[1]).dH(1).dW(1)
                    .paddingMode(paddingMode(pool.getConvolutionMode(), name))
                    .isNHWC(true)
                    .type(type == PoolingType.MAX ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                    .divisor(pool.isAvgPoolIncludePadInDivisor() ? Pooling2D.Divisor.INCLUDE_PADDING
                            : Pooling2D.Divisor.EXCLUDE_PADDING)
                    .build();
            steps.add(new Steps.Pooling(type, config));
        }

        private void batchNormalization(BatchNormalization bn, Map<String, INDArray> params, String name)
                throws Unsupported {
            if (rank == 4) {
                channelsLast(bn.getCnn2DFormat(), name);
            } else {
                expectRank(2, name);
            }
            if (bn.isLockGammaBeta()) {
                throw new Unsupported("'" + name + "': BatchNormalization with fixed gamma and beta");
            }
            INDArray variance;
            if (bn.isUseLogStd()) {
                // DL4J: variance = (10^log10(std))^2
                INDArray log10Std = params.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
                variance = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, DataType.FLOAT), log10Std.mul(2), false);
            } else {
                variance = params.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            }
            steps.add(new Steps.BatchNorm(params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1),
                    variance.reshape(-1), params.get(BatchNormalizationParamInitializer.GAMMA).reshape(-1),
                    params.get(BatchNormalizationParamInitializer.BETA).reshape(-1), bn.getEps()));
        }

        private IActivation activation(IActivation activation, String name) throws Unsupported {
            // Element-wise activations do not care about the layout; softmax does (its axis).
            if (activation instanceof ActivationSoftmax && rank != 2) {
                throw new Unsupported("'" + name + "': softmax over rank-" + rank + " activations");
            }
            return activation;
        }

        private static PaddingMode paddingMode(ConvolutionMode mode, String name) throws Unsupported {
            return switch (mode) {
                case Same -> PaddingMode.SAME;
                case Truncate, Strict -> PaddingMode.VALID;
                default -> throw new Unsupported("'" + name + "': convolution mode " + mode);
            };
        }

        private static void channelsLast(CNN2DFormat format, String name) throws Unsupported {
            if (format != CNN2DFormat.NHWC) {
                throw new Unsupported("'" + name + "': " + format + " layout");
            }
        }

        private void expectRank(int expected, String name) throws Unsupported {
            if (rank != expected) {
                throw new Unsupported("'" + name + "': rank-" + rank + " activations where the engine expects rank "
                        + expected);
            }
        }
    }
}
