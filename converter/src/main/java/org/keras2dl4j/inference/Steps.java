package org.keras2dl4j.inference;

import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.keras2dl4j.dl4j.blocks.KerasReshape;
import org.keras2dl4j.dl4j.blocks.OpLayer;
import org.keras2dl4j.dl4j.blocks.OpVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DepthwiseConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The steps an {@link InferenceEngine} is made of, one kind per DL4J block it runs. */
final class Steps {
    private Steps() {
    }

    /** ND4J's {@code conv2d} with bias, then the layer's activation in place. */
    record Convolution(INDArray kernel, INDArray bias, Conv2DConfig config, IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            Conv2D op = new Conv2D(x[0], kernel, bias, config);
            return activation.getActivation(Nd4j.exec(op)[0], false);
        }
    }

    /** ND4J's {@code depthwise_conv2d} (kernel {@code (kh, kw, in, multiplier)}), then the activation. */
    record Depthwise(INDArray kernel, INDArray bias, Conv2DConfig config, IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            DepthwiseConv2D op = bias == null ? new DepthwiseConv2D(x[0], kernel, null, config)
                    : new DepthwiseConv2D(x[0], kernel, bias, config);
            return activation.getActivation(Nd4j.exec(op)[0], false);
        }
    }

    /**
     * A separable convolution: ND4J's {@code depthwise_conv2d} (kernel {@code (kh, kw, in, multiplier)}),
     * then a 1x1 {@code conv2d} with the pointwise kernel and bias, then the activation.
     */
    record Separable(INDArray depthwise, Conv2DConfig depthwiseConfig, INDArray pointwise, INDArray bias,
            Conv2DConfig pointwiseConfig, IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            INDArray spread = Nd4j.exec(new DepthwiseConv2D(x[0], depthwise, null, depthwiseConfig))[0];
            INDArray out = Nd4j.exec(new Conv2D(spread, pointwise, bias, pointwiseConfig))[0];
            if (spread.closeable()) {
                spread.close();
            }
            return activation.getActivation(out, false);
        }
    }

    /** Nearest-neighbour upsampling by whole factors: ND4J's {@code upsampling2d}. */
    record Upsampling(int rows, int cols, boolean channelsLast) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            INDArray x = in[0];
            long[] shape = channelsLast ? new long[] {x.size(0), x.size(1) * rows, x.size(2) * cols, x.size(3)}
                    : new long[] {x.size(0), x.size(1), x.size(2) * rows, x.size(3) * cols};
            INDArray out = Nd4j.createUninitialized(x.dataType(), shape, 'c');
            Nd4j.exec(DynamicCustomOp.builder("upsampling2d").addIntegerArguments(rows, cols, channelsLast ? 0 : 1)
                    .addInputs(x).addOutputs(out).callInplace(false).build());
            return out;
        }
    }

    /**
     * {@code x · kernel + bias}, then the layer's activation in place. The kernel is DL4J's view,
     * {@code [in, out]} in 'f' order, which OpenBLAS's sgemm reads as fast as a 'c' order copy for a
     * few rows but 3 to 4 times slower for 16 (AlexNet's 9216 × 4096 kernel on 2 cores): the first
     * product of more than {@link #DIRECT_ROWS} rows makes a 'c' order copy, used from then on.
     */
    static final class Dense implements Step {
        private static final long DIRECT_ROWS = 4;

        private final INDArray kernel;
        private final INDArray bias;
        private final IActivation activation;
        private volatile INDArray rowMajorKernel;

        Dense(INDArray kernel, INDArray bias, IActivation activation) {
            this.kernel = kernel;
            this.bias = bias;
            this.activation = activation;
        }

        @Override
        public INDArray apply(INDArray[] in) {
            INDArray x = in[0];
            INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), kernel.size(1));
            Nd4j.gemm(x, x.size(0) <= DIRECT_ROWS ? kernel : rowMajorKernel(), y, false, false, 1.0, 0.0);
            if (bias != null) {
                y.addiRowVector(bias);
            }
            return activation.getActivation(y, false);
        }

        private INDArray rowMajorKernel() {
            INDArray copy = rowMajorKernel;
            if (copy == null) {
                synchronized (this) {
                    copy = rowMajorKernel;
                    if (copy == null) {
                        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                            copy = kernel.ordering() == 'c' ? kernel : kernel.dup('c');
                        }
                        rowMajorKernel = copy;
                    }
                }
            }
            return copy;
        }
    }

    /** BatchNormalization with its moving statistics, over the channels (of images in either layout), in place. */
    record BatchNorm(INDArray mean, INDArray variance, INDArray gamma, INDArray beta, double epsilon,
            boolean channelsLast) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            INDArray x = in[0];
            int axis = x.rank() == 4 && !channelsLast ? 1 : x.rank() - 1;
            Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                    .addInputs(x, mean, variance, gamma, beta)
                    .addOutputs(x)
                    .addIntegerArguments(1, 1, axis) // apply gamma, apply beta, channel axis
                    .addFloatingPointArguments(epsilon)
                    .build());
            return x;
        }

        @Override
        public boolean inPlace() {
            return true;
        }
    }

    /** Max or average pooling. */
    record Pooling(PoolingType type, Pooling2DConfig config) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return Nd4j.exec(type == PoolingType.MAX ? new MaxPooling2D(x[0], null, config)
                    : new AvgPooling2D(x[0], null, config))[0];
        }
    }

    /** Global max or average pooling over {@code axes}. */
    record GlobalPooling(PoolingType type, int[] axes) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return type == PoolingType.MAX ? x[0].max(axes) : x[0].mean(axes);
        }
    }

    /** Zero padding of an image: {@code padding} is {@code {{0, 0}, {top, bottom}, {left, right}, {0, 0}}} in its layout. */
    record Pad(int[][] padding) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return Nd4j.pad(x[0], padding);
        }
    }

    /** Cropping of an image, rows {@code [top, h - bottom)} and columns {@code [left, w - right)}. */
    record Crop(int[] amounts, boolean channelsLast) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            INDArray x = in[0];
            int h = channelsLast ? 1 : 2;
            var rows = NDArrayIndex.interval(amounts[0], x.size(h) - amounts[1]);
            var cols = NDArrayIndex.interval(amounts[2], x.size(h + 1) - amounts[3]);
            INDArray view = channelsLast ? x.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all())
                    : x.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols);
            return view.dup('c');
        }
    }

    /** An activation on its own, in place. */
    record Activation(IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return activation.getActivation(x[0], false);
        }

        @Override
        public boolean inPlace() {
            return true;
        }
    }

    /** Dropout and other identities at inference. */
    record Identity() implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return x[0];
        }

        @Override
        public boolean aliasesInput() {
            return true;
        }
    }

    /** {@code x * factor} or {@code x + shift}: DL4J's ScaleVertex and ShiftVertex. */
    record Scalar(boolean scale, double value) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return scale ? x[0].mul(value) : x[0].add(value);
        }
    }

    /** DL4J's ElementWiseVertex on inputs of one shape. */
    record Elementwise(org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op op) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            INDArray acc = in[0].dup();
            for (int i = 1; i < in.length; i++) {
                switch (op) {
                    case Add, Average -> acc.addi(in[i]);
                    case Subtract -> acc.subi(in[i]);
                    case Product -> acc.muli(in[i]);
                    case Max -> org.nd4j.linalg.ops.transforms.Transforms.max(acc, in[i], false);
                    default -> throw new IllegalStateException("op " + op);
                }
            }
            return op == org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Average ? acc.divi(in.length) : acc;
        }
    }

    /** DL4J's MergeVertex: inputs joined along {@code axis}. */
    record Concat(int axis) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            return Nd4j.concat(axis, in);
        }
    }

    /** A {@link KerasReshape} (Flatten, Reshape, Permute) or a chain of them. */
    record Reshape(InputPreProcessor[] chain) implements Step {
        @Override
        public INDArray apply(INDArray[] in) {
            INDArray x = in[0];
            for (InputPreProcessor p : chain) {
                x = ((KerasReshape) p).apply(x);
            }
            return x;
        }

        @Override
        public boolean aliasesInput() {
            return true;
        }
    }

    /**
     * A DL4J layer the engine has no op for (LSTM, SimpleRnn, Deconvolution2D, PReLU...): DL4J's own
     * forward pass of that one layer, without workspaces. DL4J layers keep their input as state, so
     * passes through the same layer are serialised.
     */
    record Dl4jLayer(org.deeplearning4j.nn.api.Layer layer) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            synchronized (layer) {
                INDArray out = layer.activate(x[0], false,
                        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
                layer.clear();
                return out == x[0] ? out.dup() : out;
            }
        }
    }

    /** One of keras2dl4j's own layers: its forward pass, the one DL4J runs. */
    record Op(OpLayer layer, Map<String, INDArray> params) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return layer.forward(x[0], params);
        }
    }

    /** One of keras2dl4j's own vertices: its forward pass, the one DL4J runs. */
    record OpGraph(OpVertex vertex, Map<String, INDArray> params) implements Step {
        @Override
        public INDArray apply(INDArray[] x) {
            return vertex.forward(x, params);
        }
    }
}
