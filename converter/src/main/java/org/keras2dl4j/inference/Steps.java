package org.keras2dl4j.inference;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** The steps an {@link InferenceEngine} is made of. */
final class Steps {
    private Steps() {
    }

    /** ND4J's {@code conv2d} (NHWC) with bias, then the layer's activation in place. */
    record Convolution(INDArray kernel, INDArray bias, Conv2DConfig config, IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray x) {
            Conv2D op = bias == null ? new Conv2D(x, kernel, null, config) : new Conv2D(x, kernel, bias, config);
            return activation.getActivation(Nd4j.exec(op)[0], false);
        }
    }

    /**
     * {@code x · kernel + bias}, then the layer's activation in place. The kernel is DL4J's view,
     * {@code [in, out]} in 'f' order, which OpenBLAS's sgemm reads as fast as a 'c' order copy for a
     * few rows but 3 to 4 times slower for 16 (AlexNet's 9216 × 4096 kernel on 2 cores): the first
     * product of more than {@link #DIRECT_ROWS} rows makes a 'c' order copy, used from then on.
     * Batch-1 use costs no memory beyond the network's.
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
        public INDArray apply(INDArray x) {
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

    /** BatchNormalization with its moving statistics, over the last axis, in place. */
    record BatchNorm(INDArray mean, INDArray variance, INDArray gamma, INDArray beta, double epsilon) implements Step {
        @Override
        public INDArray apply(INDArray x) {
            Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                    .addInputs(x, mean, variance, gamma, beta)
                    .addOutputs(x)
                    .addIntegerArguments(1, 1, x.rank() - 1) // apply gamma, apply beta, channel axis
                    .addFloatingPointArguments(epsilon)
                    .build());
            return x;
        }

        @Override
        public boolean inPlace() {
            return true;
        }
    }

    /** Max or average pooling, NHWC. */
    record Pooling(PoolingType type, Pooling2DConfig config) implements Step {
        @Override
        public INDArray apply(INDArray x) {
            return Nd4j.exec(type == PoolingType.MAX ? new MaxPooling2D(x, null, config) : new AvgPooling2D(x, null, config))[0];
        }
    }

    /** An activation on its own (Keras {@code Activation}), in place. */
    record Activation(IActivation activation) implements Step {
        @Override
        public INDArray apply(INDArray x) {
            return activation.getActivation(x, false);
        }

        @Override
        public boolean inPlace() {
            return true;
        }
    }

    /**
     * Flatten in C order, Keras's order for channels-last activations, as DL4J's
     * {@link CnnToFeedForwardPreProcessor} does; like it, refuses activations whose sizes differ from
     * the ones it was configured with (in its format), which some Keras 1 imports get wrong.
     */
    record Flatten(CnnToFeedForwardPreProcessor preprocessor) implements Step {
        @Override
        public INDArray apply(INDArray x) {
            long[] expected = {preprocessor.getNumChannels(), preprocessor.getInputHeight(), preprocessor.getInputWidth()};
            long[] actual = preprocessor.getFormat() == CNN2DFormat.NHWC ? new long[] {x.size(3), x.size(1), x.size(2)}
                    : new long[] {x.size(1), x.size(2), x.size(3)};
            if ((expected[0] != 0 || expected[1] != 0 || expected[2] != 0) && !Arrays.equals(expected, actual)) {
                throw new IllegalStateException("Flatten configured for (channels, height, width) "
                        + Arrays.toString(expected) + " got activations of shape " + Arrays.toString(x.shape()));
            }
            INDArray c = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
            return c.reshape('c', c.size(0), c.length() / c.size(0));
        }
    }
}
