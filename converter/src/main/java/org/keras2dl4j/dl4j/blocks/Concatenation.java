package org.keras2dl4j.dl4j.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/** Keras's {@code Concatenate} along an axis DL4J's MergeVertex does not join (the steps of sequences, image rows). */
public final class Concatenation extends OpVertex {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private int axis;

    Concatenation() {
    }

    public Concatenation(int axis) {
        this.axis = axis;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public INDArray forward(INDArray[] inputs, Map<String, INDArray> params) {
        return Nd4j.concat(axis, inputs);
    }

    @Override
    public InputType outputType(InputType... inputs) {
        Shape first = InputTypes.toKerasShape(inputs[0]);
        List<Long> dims = new ArrayList<>(first.dims());
        long total = 0;
        for (InputType type : inputs) {
            Long d = InputTypes.toKerasShape(type).dim(axis);
            total = d == null || total < 0 ? -1 : total + d;
        }
        dims.set(axis, total < 0 ? null : total);
        CNN2DFormat format = inputs[0] instanceof InputType.InputTypeConvolutional c ? c.getFormat() : CNN2DFormat.NHWC;
        return InputTypes.of(new Shape(dims), format, "concatenation");
    }

    @Override
    public String toString() {
        return "Concatenation(axis=" + axis + ")";
    }
}
