package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's {@code UpSampling2D(interpolation='bilinear')}: images scaled by whole factors with
 * bilinear interpolation at half-pixel centres, without antialiasing, as TensorFlow 2's
 * {@code tf.image.resize} computes it (keras/src/layers/reshaping/up_sampling2d.py); ND4J's
 * {@code resize_bilinear} op on channels-last images.
 */
public final class BilinearResize extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private int rows;
    @JsonProperty
    private int cols;
    @JsonProperty
    private boolean channelsLast;

    BilinearResize() {
    }

    public BilinearResize(int rows, int cols, boolean channelsLast) {
        this.rows = rows;
        this.cols = cols;
        this.channelsLast = channelsLast;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        INDArray nhwc = channelsLast ? input : input.permute(0, 2, 3, 1);
        int height = Math.toIntExact(nhwc.size(1) * rows);
        int width = Math.toIntExact(nhwc.size(2) * cols);
        INDArray out = Nd4j.create(input.dataType(), nhwc.size(0), height, width, nhwc.size(3));
        Nd4j.exec(new ResizeBilinear(nhwc.dup('c'), out, height, width, false, true));
        return channelsLast ? out : out.permute(0, 3, 1, 2).dup('c');
    }

    @Override
    public InputType outputType(InputType input) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) input;
        return InputType.convolutional(c.getHeight() * rows, c.getWidth() * cols, c.getChannels(), c.getFormat());
    }

    @Override
    public String toString() {
        return "BilinearResize(" + rows + "x" + cols + (channelsLast ? "" : ", channels first") + ")";
    }
}
