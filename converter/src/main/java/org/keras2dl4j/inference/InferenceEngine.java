package org.keras2dl4j.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.keras2dl4j.dl4j.blocks.KerasReshape;
import org.keras2dl4j.dl4j.blocks.OpLayer;
import org.keras2dl4j.dl4j.blocks.OpVertex;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Runs a converted network's forward pass with ND4J's own operations instead of DL4J's layers:
 * {@code conv2d}, {@code depthwise_conv2d}, {@code maxpool2d}/{@code avgpool2d} and {@code batchnorm}
 * custom ops in the network's layout (on the {@code -onednn} backend these run oneDNN's kernels,
 * which DL4J 1.0.0-M2.1's layers never reach), matrix products for Dense, DL4J's own activation
 * functions, keras2dl4j's blocks through their own forward pass, and any other DL4J layer (LSTM,
 * Deconvolution2D...) through that layer's own forward pass. It walks the graph in
 * topological order, freeing each activation once its last reader has run, and reads the DL4J
 * network's parameters (views), so it computes what DL4J's {@code output} computes, up to float
 * rounding, for a loaded zip as for a fresh conversion.
 *
 * <p>For a network with a graph vertex or preprocessor it has no step for, {@link #of} returns empty
 * ({@link #unsupportedReason} says which) and the caller keeps DL4J's forward pass.
 */
public final class InferenceEngine {
    /** One block: its step, the slots of its inputs and of its output. */
    private record Node(String name, Step step, int[] inputs, int output) {
    }

    private final List<Node> nodes;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final int[] reads;
    private final int slots;

    private InferenceEngine(List<Node> nodes, int[] inputSlots, int[] outputSlots, int slots) {
        this.nodes = List.copyOf(nodes);
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.slots = slots;
        this.reads = new int[slots];
        for (Node node : nodes) {
            for (int in : node.inputs()) {
                reads[in]++;
            }
        }
        for (int out : outputSlots) {
            reads[out]++;
        }
    }

    /**
     * The engine for {@code network}, or empty when it uses something the engine does not run
     * ({@link #unsupportedReason} says what).
     */
    public static Optional<InferenceEngine> of(Model network) {
        Planner planner = new Planner();
        return planner.plan(network) ? Optional.of(planner.engine()) : Optional.empty();
    }

    /** Why {@link #of} returns empty for {@code network}, or empty when it does not. */
    public static Optional<String> unsupportedReason(Model network) {
        Planner planner = new Planner();
        planner.plan(network);
        return Optional.ofNullable(planner.reason);
    }

    /** The output of a single-input, single-output network for {@code input}. */
    public INDArray output(INDArray input) {
        return outputs(input)[0];
    }

    /**
     * The network's outputs for {@code inputs} (Keras's layout, as DL4J's {@code output} takes them).
     * Each activation is freed once nothing reads it any more: an activation and the views of it that
     * reshapes and identities pass on share one allocation (its root), freed with the last of them.
     */
    public INDArray[] outputs(INDArray... inputs) {
        INDArray[] values = new INDArray[slots];
        int[] root = new int[slots];
        java.util.Arrays.fill(root, -1); // not computed yet
        boolean[] owned = new boolean[slots];
        int[] remaining = reads.clone();
        for (int i = 0; i < inputSlots.length; i++) {
            INDArray x = inputs[i];
            int slot = inputSlots[i];
            owned[slot] = x.dataType() != DataType.FLOAT; // a cast copy is the engine's; the caller's array is not
            values[slot] = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
            root[slot] = slot;
        }
        for (Node node : nodes) {
            INDArray[] args = new INDArray[node.inputs().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = values[node.inputs()[i]];
            }
            int first = node.inputs()[0];
            boolean copied = false;
            if (node.step().inPlace() && !(owned[root[first]] && remaining[first] == 1
                    && !readLater(remaining, root, root[first], first))) {
                args[0] = args[0].dup('c');
                copied = true;
            }
            INDArray out = node.step().apply(args);
            int slot = node.output();
            values[slot] = out;
            if (node.step().aliasesInput() && !copied) {
                root[slot] = root[first];
            } else {
                root[slot] = slot;
                owned[slot] = true;
            }
            for (int in : node.inputs()) {
                if (--remaining[in] == 0 && !readLater(remaining, root, root[in], -1)) {
                    int r = root[in];
                    if (owned[r] && values[r] != null && values[r].closeable()) {
                        values[r].close();
                    }
                    for (int s = 0; s < slots; s++) {
                        if (root[s] == r && remaining[s] == 0 && s != slot) {
                            values[s] = null;
                        }
                    }
                }
            }
        }
        INDArray[] outputs = new INDArray[outputSlots.length];
        for (int i = 0; i < outputs.length; i++) {
            int slot = outputSlots[i];
            // Never hand back the caller's input (or a view of it), or an array that two outputs share.
            boolean shared = false;
            for (int j = 0; j < i; j++) {
                shared |= root[outputSlots[j]] == root[slot];
            }
            outputs[i] = owned[root[slot]] && !shared ? values[slot] : values[slot].dup();
        }
        return outputs;
    }

    /** Whether a slot other than {@code except} on root {@code root} is still to be read. */
    private static boolean readLater(int[] remaining, int[] root, int r, int except) {
        for (int s = 0; s < remaining.length; s++) {
            if (s != except && root[s] == r && remaining[s] > 0) {
                return true;
            }
        }
        return false;
    }

    /** Turns a network's blocks into nodes, checking each against what the steps compute. */
    private static final class Planner {
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> slotOf = new HashMap<>();
        private int[] inputSlots;
        private int[] outputSlots;
        private String reason;

        boolean plan(Model network) {
            try {
                if (network instanceof ComputationGraph graph) {
                    planGraph(graph);
                } else if (network instanceof MultiLayerNetwork multiLayer) {
                    planChain(multiLayer);
                } else {
                    throw new Unsupported("network class " + network.getClass().getSimpleName());
                }
                return true;
            } catch (Unsupported e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                // A configuration the planner misreads must not stop the model from running: DL4J runs it.
                reason = "cannot plan (" + e + ")";
            }
            return false;
        }

        InferenceEngine engine() {
            return new InferenceEngine(nodes, inputSlots, outputSlots, slotOf.size());
        }

        private int slot(String name) {
            return slotOf.computeIfAbsent(name, k -> slotOf.size());
        }

        private void planGraph(ComputationGraph graph) throws Unsupported {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            inputSlots = conf.getNetworkInputs().stream().mapToInt(this::slot).toArray();
            for (String name : conf.getTopologicalOrderStr()) {
                if (conf.getNetworkInputs().contains(name)) {
                    continue;
                }
                GraphVertex vertex = conf.getVertices().get(name);
                int[] in = conf.getVertexInputs().get(name).stream().mapToInt(this::slot).toArray();
                if (vertex instanceof LayerVertex layerVertex) {
                    if (layerVertex.getPreProcessor() != null) {
                        String reshaped = name + "#preprocessed";
                        nodes.add(new Node(reshaped, reshape(layerVertex.getPreProcessor(), name), in, slot(reshaped)));
                        in = new int[] {slot(reshaped)};
                    }
                    nodes.add(new Node(name, layer(layerVertex.getLayerConf().getLayer(), graph.getLayer(name), name),
                            in, slot(name)));
                } else {
                    nodes.add(new Node(name, vertex(vertex, graph.getVertex(name).paramTable(false), name), in,
                            slot(name)));
                }
            }
            outputSlots = conf.getNetworkOutputs().stream().mapToInt(this::slot).toArray();
        }

        private void planChain(MultiLayerNetwork network) throws Unsupported {
            MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
            String previous = "input";
            inputSlots = new int[] {slot(previous)};
            for (int i = 0; i < conf.getConfs().size(); i++) {
                Layer layer = conf.getConf(i).getLayer();
                String name = layer.getLayerName() == null ? "layer " + i : layer.getLayerName();
                InputPreProcessor preprocessor = conf.getInputPreProcess(i);
                if (preprocessor != null) {
                    String reshaped = name + "#preprocessed";
                    nodes.add(new Node(reshaped, reshape(preprocessor, name), new int[] {slot(previous)}, slot(reshaped)));
                    previous = reshaped;
                }
                nodes.add(new Node(name, layer(layer, network.getLayer(i), name), new int[] {slot(previous)},
                        slot(name)));
                previous = name;
            }
            outputSlots = new int[] {slot(previous)};
        }

        private static Step reshape(InputPreProcessor preprocessor, String name) throws Unsupported {
            InputPreProcessor[] chain = preprocessor instanceof ComposableInputPreProcessor c
                    ? c.getInputPreProcessors() : new InputPreProcessor[] {preprocessor};
            for (InputPreProcessor p : chain) {
                if (!(p instanceof KerasReshape)) {
                    throw new Unsupported("'" + name + "': preprocessor " + p.getClass().getSimpleName());
                }
            }
            return new Steps.Reshape(chain);
        }

        private static Step vertex(GraphVertex vertex, Map<String, INDArray> params, String name) throws Unsupported {
            if (vertex instanceof PreprocessorVertex p) {
                return reshape(p.getPreProcessor(), name);
            }
            if (vertex instanceof OpVertex op) {
                return new Steps.OpGraph(op, params);
            }
            if (vertex instanceof ElementWiseVertex e) {
                return new Steps.Elementwise(e.getOp());
            }
            if (vertex instanceof MergeVertex m) {
                return new Steps.Concat(m.getMergeAxis());
            }
            if (vertex instanceof ScaleVertex s) {
                return new Steps.Scalar(true, s.getScaleFactor());
            }
            if (vertex instanceof ShiftVertex s) {
                return new Steps.Scalar(false, s.getShiftFactor());
            }
            throw new Unsupported("'" + name + "': vertex " + vertex.getClass().getSimpleName());
        }

        /** The engine's op for {@code layer}, or DL4J's own forward pass of it where the engine has none. */
        private static Step layer(Layer layer, org.deeplearning4j.nn.api.Layer instance, String name) {
            try {
                return op(layer, instance, name);
            } catch (Unsupported e) {
                return new Steps.Dl4jLayer(instance);
            }
        }

        private static Step op(Layer layer, org.deeplearning4j.nn.api.Layer instance, String name) throws Unsupported {
            Map<String, INDArray> params = instance.paramTable();
            for (INDArray param : params.values()) {
                if (param.dataType() != DataType.FLOAT) {
                    throw new Unsupported("'" + name + "': parameters of type " + param.dataType());
                }
            }
            Class<?> type = layer.getClass();
            if (layer instanceof OpLayer op) {
                return new Steps.Op(op, params);
            }
            if (type == ConvolutionLayer.class || type == Convolution2D.class) {
                ConvolutionLayer conv = (ConvolutionLayer) layer;
                Conv2DConfig config = convolution(conv.getKernelSize(), conv.getStride(), conv.getPadding(),
                        conv.getDilation(), conv.getConvolutionMode(), conv.getCnn2dDataFormat(), name, true);
                return new Steps.Convolution(params.get(DefaultParamInitializer.WEIGHT_KEY), bias(conv.hasBias(), params),
                        config, conv.getActivationFn());
            }
            if (type == DepthwiseConvolution2D.class) {
                DepthwiseConvolution2D conv = (DepthwiseConvolution2D) layer;
                Conv2DConfig config = convolution(conv.getKernelSize(), conv.getStride(), conv.getPadding(),
                        conv.getDilation(), conv.getConvolutionMode(), conv.getCnn2dDataFormat(), name, false);
                return new Steps.Depthwise(params.get(DefaultParamInitializer.WEIGHT_KEY), bias(conv.hasBias(), params),
                        config, conv.getActivationFn());
            }
            if (type == SeparableConvolution2D.class) {
                SeparableConvolution2D conv = (SeparableConvolution2D) layer;
                Conv2DConfig depthwise = convolution(conv.getKernelSize(), conv.getStride(), conv.getPadding(),
                        conv.getDilation(), conv.getConvolutionMode(), conv.getCnn2dDataFormat(), name, false);
                Conv2DConfig pointwise = convolution(new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0},
                        new int[] {1, 1}, ConvolutionMode.Truncate, conv.getCnn2dDataFormat(), name, true);
                // DL4J's depthwise kernel is (multiplier, in, kh, kw); the op takes (kh, kw, in, multiplier).
                INDArray kernel = params.get(SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY)
                        .permute(2, 3, 1, 0).dup('c');
                return new Steps.Separable(kernel, depthwise,
                        params.get(SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY), bias(conv.hasBias(),
                                params), pointwise, conv.getActivationFn());
            }
            if (type == Upsampling2D.class) {
                Upsampling2D up = (Upsampling2D) layer;
                return new Steps.Upsampling(up.getSize()[0], up.getSize()[1], up.getFormat() == CNN2DFormat.NHWC);
            }
            if (type == SubsamplingLayer.class) {
                return pooling((SubsamplingLayer) layer, name);
            }
            if (type == BatchNormalization.class) {
                return batchNormalization((BatchNormalization) layer, params, name);
            }
            if (type == DenseLayer.class) {
                DenseLayer dense = (DenseLayer) layer;
                if (dense.isHasLayerNorm()) {
                    throw new Unsupported("'" + name + "': Dense with layer normalisation");
                }
                return new Steps.Dense(params.get(DefaultParamInitializer.WEIGHT_KEY), bias(dense.hasBias(), params),
                        dense.getActivationFn());
            }
            if (type == DropoutLayer.class) {
                return new Steps.Identity();
            }
            if (type == ActivationLayer.class) {
                return new Steps.Activation(((ActivationLayer) layer).getActivationFn());
            }
            if (type == ZeroPaddingLayer.class) {
                ZeroPaddingLayer pad = (ZeroPaddingLayer) layer;
                int[] p = pad.getPadding();
                boolean last = pad.getDataFormat() == CNN2DFormat.NHWC;
                int[][] padding = last ? new int[][] {{0, 0}, {p[0], p[1]}, {p[2], p[3]}, {0, 0}}
                        : new int[][] {{0, 0}, {0, 0}, {p[0], p[1]}, {p[2], p[3]}};
                return new Steps.Pad(padding);
            }
            if (type == Cropping2D.class) {
                Cropping2D crop = (Cropping2D) layer;
                return new Steps.Crop(crop.getCropping(), crop.getDataFormat() == CNN2DFormat.NHWC);
            }
            if (type == GlobalPoolingLayer.class) {
                GlobalPoolingLayer pool = (GlobalPoolingLayer) layer;
                if ((pool.getPoolingType() != PoolingType.MAX && pool.getPoolingType() != PoolingType.AVG)
                        || !pool.isCollapseDimensions() || pool.getPoolingDimensions() == null) {
                    throw new Unsupported("'" + name + "': global pooling " + pool.getPoolingType());
                }
                return new Steps.GlobalPooling(pool.getPoolingType(), pool.getPoolingDimensions());
            }
            throw new Unsupported("'" + name + "': DL4J layer " + type.getSimpleName());
        }

        private static INDArray bias(boolean hasBias, Map<String, INDArray> params) {
            return hasBias ? params.get(DefaultParamInitializer.BIAS_KEY).reshape(-1) : null;
        }

        private static Conv2DConfig convolution(int[] kernel, int[] stride, int[] padding, int[] dilation,
                ConvolutionMode mode, CNN2DFormat format, String name, boolean oiyx) throws Unsupported {
            Conv2DConfig.Conv2DConfigBuilder config = Conv2DConfig.builder()
                    .kH(kernel[0]).kW(kernel[1]).sH(stride[0]).sW(stride[1])
                    .pH(padding[0]).pW(padding[1]).dH(dilation[0]).dW(dilation[1])
                    .paddingMode(paddingMode(mode, name))
                    .dataFormat(format == CNN2DFormat.NHWC ? "NHWC" : "NCHW");
            if (oiyx) {
                // DL4J's kernel is [out, in, kh, kw]: used as it is, no copy.
                config.weightsFormat(WeightsFormat.OIYX);
            }
            return config.build();
        }

        private static Step pooling(SubsamplingLayer pool, String name) throws Unsupported {
            PoolingType type = pool.getPoolingType();
            if (type != PoolingType.MAX && type != PoolingType.AVG) {
                throw new Unsupported("'" + name + "': pooling " + type);
            }
            int[] kernel = pool.getKernelSize();
            int[] stride = pool.getStride();
            int[] padding = pool.getPadding();
            int[] dilation = pool.getDilation();
            Pooling2DConfig config = Pooling2DConfig.builder()
                    .kH(kernel[0]).kW(kernel[1]).sH(stride[0]).sW(stride[1])
                    .pH(padding[0]).pW(padding[1]).dH(dilation[0]).dW(dilation[1])
                    .paddingMode(paddingMode(pool.getConvolutionMode(), name))
                    .isNHWC(pool.getCnn2dDataFormat() == CNN2DFormat.NHWC)
                    .type(type == PoolingType.MAX ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                    .divisor(pool.isAvgPoolIncludePadInDivisor() ? Pooling2D.Divisor.INCLUDE_PADDING
                            : Pooling2D.Divisor.EXCLUDE_PADDING)
                    .build();
            return new Steps.Pooling(type, config);
        }

        private static Step batchNormalization(BatchNormalization bn, Map<String, INDArray> params, String name)
                throws Unsupported {
            if (bn.isLockGammaBeta() || bn.isUseLogStd()) {
                throw new Unsupported("'" + name + "': BatchNormalization with fixed gamma and beta or log std");
            }
            return new Steps.BatchNorm(params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1),
                    params.get(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(-1),
                    params.get(BatchNormalizationParamInitializer.GAMMA).reshape(-1),
                    params.get(BatchNormalizationParamInitializer.BETA).reshape(-1), bn.getEps(),
                    bn.getCnn2DFormat() != CNN2DFormat.NCHW);
        }

        private static PaddingMode paddingMode(ConvolutionMode mode, String name) throws Unsupported {
            return switch (mode) {
                case Same -> PaddingMode.SAME;
                case Truncate, Strict -> PaddingMode.VALID;
                default -> throw new Unsupported("'" + name + "': convolution mode " + mode);
            };
        }
    }

    /** A network the engine does not run; the message says which block and why. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }
}
