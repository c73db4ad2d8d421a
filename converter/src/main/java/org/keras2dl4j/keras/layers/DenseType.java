package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Keras {@code Dense}: kernel {@code (in, units)}, bias {@code (units,)}; acts on the last axis of
 * inputs of any rank (Keras 1's {@code TimeDistributedDense} too). In DL4J: a {@code DenseLayer} on
 * vectors, the same wrapped in {@code TimeDistributed} on sequences, a 1x1 {@code ConvolutionLayer}
 * on images (the same products). Softmax over the last axis of a sequence or an image is a separate
 * activation layer.
 */
final class DenseType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        List<Long> dims = new ArrayList<>(input.dims());
        dims.set(dims.size() - 1, layer.positiveLong("units"));
        return new Shape(dims);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Long in = input.dim(-1);
        if (in == null) {
            throw new InvalidModelException(layer.where() + ": the last dimension of input " + input + " is unknown");
        }
        long units = layer.positiveLong("units");
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(in, units), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(units), trainable));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        Tensor input = build.input();
        int units = Math.toIntExact(build.config().positiveLong("units"));
        boolean bias = build.hasWeight("bias");
        int rank = input.rank();
        IActivation activation = build.activation("activation", rank);
        // Softmax over the last axis of rank-3/4 activations is not elementwise: its own layer.
        IActivation inLayer = rank == 2 || elementwise(activation) ? activation : new ActivationIdentity();
        Tensor out;
        if (rank == 2) {
            out = build.layer(inLayer != activation ? "dense" : null, new DenseLayer.Builder().nOut(units).activation(inLayer).hasBias(bias).build(), input);
            build.bind(out, "W", ParamSource.weight("kernel"));
        } else if (rank == 3) {
            // (None, steps, features) as an NHWC image of width 1, and a 1x1 convolution over it.
            out = build.layer("dense", new ConvolutionLayer.Builder(1, 1).convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Truncate).nOut(units).activation(inLayer).hasBias(bias)
                    .dataFormat(CNN2DFormat.NHWC).build(), Sequences.asImage(build, input));
            build.bind(out, "W", ParamSource.weight("kernel", k -> k.transpose().reshape('c', k.size(1), k.size(0), 1, 1)));
        } else if (rank == 4) {
            // Dense on the last axis of (None, a, b, c) is a 1x1 convolution of an NHWC image.
            out = build.layer(inLayer != activation ? "dense" : null, new ConvolutionLayer.Builder(1, 1).convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Truncate).nOut(units)
                    .activation(inLayer).hasBias(bias).dataFormat(CNN2DFormat.NHWC).build(),
                    build.asImage(input, CNN2DFormat.NHWC));
            build.bind(out, "W", ParamSource.weight("kernel", k -> k.transpose().reshape('c', k.size(1), k.size(0), 1, 1)));
        } else {
            throw build.unsupported("Dense on inputs of rank " + rank + " is not supported");
        }
        if (bias) {
            build.bind(out, "b", ParamSource.weight("bias"));
        }
        if (rank == 3) {
            out = build.reshape(inLayer != activation ? "to_sequence" : null, out, null, build.outputShape(),
                    org.keras2dl4j.dl4j.InputTypes.of(build.outputShape(), CNN2DFormat.NHWC, build.where()));
        }
        if (inLayer != activation) {
            build.layer(new ActivationLayer.Builder().activation(activation).build(), out);
        }
    }

    static boolean elementwise(IActivation activation) {
        return !(activation instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax)
                && !(activation instanceof org.keras2dl4j.dl4j.blocks.KerasActivation k
                        && (k.function() == org.keras2dl4j.dl4j.blocks.KerasActivation.Function.SOFTMAX
                        || k.function() == org.keras2dl4j.dl4j.blocks.KerasActivation.Function.LOG_SOFTMAX));
    }
}
