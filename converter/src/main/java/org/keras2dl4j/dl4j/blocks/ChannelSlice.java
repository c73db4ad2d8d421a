package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Channels {@code [from, to)} of images in either layout: one group's input of a grouped
 * convolution (Keras {@code Conv2D(groups=g)}), which DL4J's ConvolutionLayer does not have.
 */
public final class ChannelSlice extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private long from;
    @JsonProperty
    private long to;
    @JsonProperty
    private boolean channelsLast;

    ChannelSlice() {
    }

    public ChannelSlice(long from, long to, boolean channelsLast) {
        this.from = from;
        this.to = to;
        this.channelsLast = channelsLast;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        INDArray view = channelsLast
                ? input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to))
                : input.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
        return view.dup('c');
    }

    @Override
    public InputType outputType(InputType input) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) input;
        return InputType.convolutional(c.getHeight(), c.getWidth(), to - from, c.getFormat());
    }

    @Override
    public String toString() {
        return "ChannelSlice(" + from + ", " + to + (channelsLast ? "" : ", channels first") + ")";
    }
}
