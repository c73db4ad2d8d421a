package org.keras2dl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.keras.Shape;
import org.nd4j.shade.jackson.core.JsonProcessingException;

/**
 * DL4J {@link InputType}s of activations kept in Keras's layout: from and to Keras shapes, and to and
 * from JSON.
 */
public final class InputTypes {
    private InputTypes() {
    }

    /**
     * The Keras shape of an activation of this type, batch first, in the layout the network uses:
     * {@code (None, h, w, c)} for NHWC, {@code (None, c, h, w)} for NCHW (Keras's channels_first).
     */
    /**
     * DL4J's type for an activation of Keras shape {@code shape} (batch first): a batch of vectors
     * (rank 2), of sequences in NWC order (rank 3: batch, steps, features), of images in
     * {@code format} (rank 4).
     *
     * @throws org.keras2dl4j.UnsupportedFeatureException for other ranks and unknown image sizes,
     *     naming {@code where}
     */
    public static InputType of(Shape shape, CNN2DFormat format, String where) {
        switch (shape.rank()) {
            case 2 -> {
                return InputType.feedForward(known(shape, 1, where));
            }
            case 3 -> {
                Long steps = shape.dim(1);
                return InputType.recurrent(known(shape, 2, where), steps == null ? -1 : steps, RNNFormat.NWC);
            }
            case 4 -> {
                if (format == CNN2DFormat.NHWC) {
                    return InputType.convolutional(known(shape, 1, where), known(shape, 2, where), known(shape, 3, where),
                            CNN2DFormat.NHWC);
                }
                return InputType.convolutional(known(shape, 2, where), known(shape, 3, where), known(shape, 1, where),
                        CNN2DFormat.NCHW);
            }
            default -> throw new org.keras2dl4j.UnsupportedFeatureException(where + ": activations of shape " + shape
                    + " (rank " + shape.rank() + ") have no DL4J type; keras2dl4j converts vectors, sequences and images");
        }
    }

    private static long known(Shape shape, int axis, String where) {
        Long d = shape.dim(axis);
        if (d == null) {
            throw new org.keras2dl4j.UnsupportedFeatureException(where + ": activations of shape " + shape
                    + " have an unknown dimension; DL4J needs to know every dimension but the batch (and a "
                    + "sequence's length)");
        }
        return d;
    }

    public static Shape toKerasShape(InputType type) {
        List<Long> dims = new ArrayList<>();
        dims.add(Shape.NONE);
        if (type instanceof InputType.InputTypeConvolutional c) {
            if (c.getFormat() == CNN2DFormat.NHWC) {
                dims.addAll(List.of(c.getHeight(), c.getWidth(), c.getChannels()));
            } else {
                dims.addAll(List.of(c.getChannels(), c.getHeight(), c.getWidth()));
            }
        } else if (type instanceof InputType.InputTypeFeedForward f) {
            dims.add(f.getSize());
        } else if (type instanceof InputType.InputTypeConvolutionalFlat f) {
            dims.add(f.getFlattenedSize());
        } else if (type instanceof InputType.InputTypeRecurrent r) {
            Long steps = r.getTimeSeriesLength() > 0 ? r.getTimeSeriesLength() : null;
            if (r.getFormat() == RNNFormat.NWC) {
                dims.add(steps);
                dims.add(r.getSize());
            } else {
                dims.add(r.getSize());
                dims.add(steps);
            }
        } else {
            for (long d : type.getShape(false)) {
                dims.add(d);
            }
        }
        return new Shape(dims);
    }

    public static String toJson(InputType type) {
        try {
            return NeuralNetConfiguration.mapper().writeValueAsString(type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write input type " + type, e);
        }
    }

    public static InputType fromJson(String json) {
        try {
            return NeuralNetConfiguration.mapper().readValue(json, InputType.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read input type " + json, e);
        }
    }
}
