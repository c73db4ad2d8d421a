package org.keras2dl4j.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.keras.Shape;
import org.nd4j.shade.jackson.core.JsonProcessingException;

/** Conversions of DL4J {@link InputType}s: to Keras shapes for summaries, and to and from JSON. */
final class InputTypes {
    private InputTypes() {
    }

    /**
     * The Keras shape of an activation of this type, batch first, in the layout the network uses:
     * {@code (None, h, w, c)} for NHWC, {@code (None, c, h, w)} for NCHW (Keras's channels_first).
     */
    static Shape toKerasShape(InputType type) {
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

    static String toJson(InputType type) {
        try {
            return NeuralNetConfiguration.mapper().writeValueAsString(type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write input type " + type, e);
        }
    }

    static InputType fromJson(String json) {
        try {
            return NeuralNetConfiguration.mapper().readValue(json, InputType.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read input type " + json, e);
        }
    }
}
