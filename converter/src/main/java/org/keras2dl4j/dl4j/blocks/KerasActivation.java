package org.keras2dl4j.dl4j.blocks;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras activations that ND4J has no exact equivalent for, each computing Keras's formula in place:
 * {@code gelu} (exact, with erf, or Keras's tanh approximation; ND4J's GELU and PreciseGELU are a
 * sigmoid and a tanh approximation), Keras 3's {@code hard_sigmoid} ({@code relu6(x + 3) / 6}, where
 * Keras 2 and ND4J compute {@code 0.2x + 0.5}), {@code hard_silu}/{@code hard_swish},
 * {@code exponential}, and {@code softmax}/{@code log_softmax} over the last axis of activations of
 * any rank (ND4J's softmax works on rank-2 activations only).
 */
public final class KerasActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The functions. */
    public enum Function {
        GELU, GELU_TANH, HARD_SIGMOID, HARD_SWISH, EXPONENTIAL, SOFTMAX, LOG_SOFTMAX
    }

    private Function function;

    KerasActivation() {
    }

    public KerasActivation(Function function) {
        this.function = function;
    }

    public Function function() {
        return function;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        switch (function) {
            case GELU -> {
                // x * 0.5 * (1 + erf(x / sqrt(2))): keras/src/activations/activations.py, gelu(approximate=False)
                INDArray scaled = in.mul(1.0 / Math.sqrt(2.0));
                INDArray erf = Nd4j.exec(new Erf(scaled, scaled));
                return in.muli(erf.addi(1.0).muli(0.5));
            }
            case GELU_TANH -> {
                // 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
                INDArray inner = in.mul(in).muli(in).muli(0.044715).addi(in).muli(Math.sqrt(2.0 / Math.PI));
                INDArray tanh = Nd4j.exec(new Tanh(inner, inner));
                return in.muli(tanh.addi(1.0).muli(0.5));
            }
            case HARD_SIGMOID -> {
                return relu6Shifted(in).divi(6.0);
            }
            case HARD_SWISH -> {
                INDArray gate = relu6Shifted(in.dup()).divi(6.0);
                return in.muli(gate);
            }
            case EXPONENTIAL -> {
                return Nd4j.exec(new Exp(in, in));
            }
            case SOFTMAX -> {
                Nd4j.exec(new SoftMax(in, in, in.rank() - 1));
                return in;
            }
            case LOG_SOFTMAX -> {
                INDArray out = Nd4j.exec(new LogSoftMax(in, in.rank() - 1))[0];
                return in.assign(out);
            }
            default -> throw new IllegalStateException("unknown function " + function);
        }
    }

    /** {@code min(max(x + 3, 0), 6)}, in place. */
    private static INDArray relu6Shifted(INDArray x) {
        x.addi(3.0);
        Transforms.max(x, 0.0, false);
        return Transforms.min(x, 6.0, false);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        throw Blocks.inferenceOnly(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasActivation a && a.function == function;
    }

    @Override
    public int hashCode() {
        return function.hashCode();
    }

    @Override
    public String toString() {
        return "keras_" + function.name().toLowerCase(java.util.Locale.ROOT);
    }
}
