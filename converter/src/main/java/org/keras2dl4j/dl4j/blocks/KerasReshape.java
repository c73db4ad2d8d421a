package org.keras2dl4j.dl4j.blocks;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's shape operations on activations kept in Keras's layout: an optional permutation of the
 * non-batch axes ({@code Permute}), then a row-major reshape to {@code shape} ({@code Reshape},
 * {@code Flatten}; one entry may be -1), with the DL4J type of the result declared, since the same
 * array may be read as a sequence, an image or a vector. With neither, it only gives the activations
 * another DL4J type (an image of channels_first layers read as channels_last by the next).
 */
public final class KerasReshape implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private int[] permutation;
    @JsonProperty
    private long[] shape;
    @JsonProperty
    private InputType outputType;

    KerasReshape() {
    }

    /**
     * @param permutation the input's non-batch axes (0 = the first after the batch) in their new order, or null
     * @param shape the non-batch shape after the permutation, or null to keep it
     * @param outputType DL4J's type for the result
     */
    public KerasReshape(int[] permutation, long[] shape, InputType outputType) {
        this.permutation = permutation;
        this.shape = shape;
        this.outputType = outputType;
    }

    /** Applies this reshape to {@code x} (batch first); a view where no copy is needed. */
    public INDArray apply(INDArray x) {
        INDArray y = x;
        if (permutation != null) {
            int[] axes = new int[permutation.length + 1];
            for (int i = 0; i < permutation.length; i++) {
                axes[i + 1] = permutation[i] + 1;
            }
            y = y.permute(axes);
        }
        if (shape != null) {
            long[] full = new long[shape.length + 1];
            full[0] = x.size(0);
            System.arraycopy(shape, 0, full, 1, shape.length);
            if (y.ordering() != 'c' || !org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(y)) {
                y = y.dup('c');
            }
            y = y.reshape('c', full);
        }
        return y;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, apply(input));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        throw Blocks.inferenceOnly(this);
    }

    @Override
    public InputPreProcessor clone() {
        return new KerasReshape(permutation, shape, outputType);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return outputType;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasReshape r && Arrays.equals(permutation, r.permutation) && Arrays.equals(shape, r.shape)
                && String.valueOf(outputType).equals(String.valueOf(r.outputType));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(permutation);
    }

    @Override
    public String toString() {
        return "KerasReshape(permutation=" + Arrays.toString(permutation) + ", shape=" + Arrays.toString(shape)
                + ", outputType=" + outputType + ")";
    }
}
