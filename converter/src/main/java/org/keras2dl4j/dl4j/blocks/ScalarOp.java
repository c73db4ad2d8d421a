package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Arithmetic between activations and a constant, exactly as Keras computes it in float32:
 * {@code x / c}, {@code c - x}, {@code c / x}, {@code max(x, c)}, {@code min(x, c)} (Keras 2's
 * {@code TFOpLambda}, Keras 3's {@code keras.src.ops.numpy} ops). {@code x + c} and {@code x * c} are
 * DL4J's {@code ShiftVertex} and {@code ScaleVertex}.
 */
public final class ScalarOp extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private Arithmetic.Op op;
    @JsonProperty
    private double constant;
    /** Whether the constant is the left operand ({@code c - x}). */
    @JsonProperty
    private boolean constantFirst;

    ScalarOp() {
    }

    public ScalarOp(Arithmetic.Op op, double constant, boolean constantFirst) {
        this.op = op;
        this.constant = constant;
        this.constantFirst = constantFirst;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        INDArray c = org.nd4j.linalg.factory.Nd4j.scalar(input.dataType(), constant);
        return constantFirst ? Arithmetic.apply(op, c, input) : Arithmetic.apply(op, input, c);
    }

    @Override
    public InputType outputType(InputType input) {
        return input;
    }

    @Override
    public String toString() {
        return "ScalarOp(" + (constantFirst ? constant + " " + op + " x" : "x " + op + " " + constant) + ")";
    }
}
