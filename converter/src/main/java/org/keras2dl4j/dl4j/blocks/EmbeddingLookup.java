package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's {@code Embedding}: token ids {@code (batch, length)} (whole numbers, given as floats, cast
 * as Keras casts them) to rows of {@code embeddings (input_dim, output_dim)}:
 * {@code (batch, length, output_dim)}. An id outside {@code [0, input_dim)} is an error, as in Keras.
 * DL4J's EmbeddingSequenceLayer sizes its weights by the sequence length when its input is typed as
 * a batch of vectors, which is how Keras's token ids look.
 */
public final class EmbeddingLookup extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private long inputDim;
    @JsonProperty
    private long outputDim;

    EmbeddingLookup() {
    }

    public EmbeddingLookup(long inputDim, long outputDim) {
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override
    public Map<String, long[]> paramShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings", new long[] {inputDim, outputDim});
        return shapes;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        INDArray ids = input.castTo(DataType.INT64).reshape(input.length());
        if (ids.length() > 0) {
            long min = ids.minNumber().longValue();
            long max = ids.maxNumber().longValue();
            if (min < 0 || max >= inputDim) {
                throw new IllegalArgumentException("token id " + (min < 0 ? min : max) + " is outside [0, " + inputDim
                        + ") of the Embedding");
            }
        }
        INDArray rows = Nd4j.exec(DynamicCustomOp.builder("gather").addInputs(params.get("embeddings"), ids)
                .addIntegerArguments(0).build())[0];
        long[] shape = new long[input.rank() + 1];
        System.arraycopy(input.shape(), 0, shape, 0, input.rank());
        shape[input.rank()] = outputDim;
        return rows.reshape('c', shape);
    }

    @Override
    public InputType outputType(InputType input) {
        InputType.InputTypeFeedForward ids = (InputType.InputTypeFeedForward) input;
        return InputType.recurrent(outputDim, ids.getSize(), RNNFormat.NWC);
    }

    @Override
    public String toString() {
        return "EmbeddingLookup(" + inputDim + ", " + outputDim + ")";
    }
}
