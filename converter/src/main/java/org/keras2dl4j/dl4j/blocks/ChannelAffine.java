package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.InvalidModelException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@code x * scale + offset} with one scale and one offset per channel of the last axis: Keras's
 * {@code Normalization} (a fixed affine map of its mean and variance), {@code Rescaling} with lists,
 * ConvNeXt's {@code LayerScale}. Each of scale and offset is either a parameter (key {@code scale},
 * {@code offset}, of shape {@code (channels,)}) or a constant of the configuration.
 */
public final class ChannelAffine extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private long channels;
    @JsonProperty
    private double[] fixedScale;
    @JsonProperty
    private double[] fixedOffset;

    ChannelAffine() {
    }

    /**
     * @param fixedScale the constant scales, or null for a {@code scale} parameter
     * @param fixedOffset the constant offsets, or null for an {@code offset} parameter
     */
    public ChannelAffine(long channels, double[] fixedScale, double[] fixedOffset) {
        this.channels = channels;
        this.fixedScale = fixedScale;
        this.fixedOffset = fixedOffset;
    }

    /** Constant scale and offset. */
    public static ChannelAffine constant(double[] scale, double[] offset) {
        return new ChannelAffine(scale.length, scale, offset);
    }

    /** {@code values} for {@code channels} channels: one value repeated, or one per channel. */
    public static double[] expand(double[] values, long channels, String where) {
        if (values.length == channels) {
            return values;
        }
        if (values.length == 1) {
            double[] out = new double[Math.toIntExact(channels)];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        throw new InvalidModelException(where + ": " + values.length + " values for " + channels + " channels");
    }

    @Override
    public Map<String, long[]> paramShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        if (fixedScale == null) {
            shapes.put("scale", new long[] {channels});
        }
        if (fixedOffset == null) {
            shapes.put("offset", new long[] {channels});
        }
        return shapes;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        INDArray scale = fixedScale == null ? params.get("scale") : Nd4j.create(fixedScale).castTo(input.dataType());
        INDArray offset = fixedOffset == null ? params.get("offset")
                : Nd4j.create(fixedOffset).castTo(input.dataType());
        INDArray y = input.dup('c');
        INDArray rows = y.reshape('c', y.length() / channels, channels);
        rows.muliRowVector(scale.reshape(channels));
        rows.addiRowVector(offset.reshape(channels));
        return y;
    }

    @Override
    public InputType outputType(InputType input) {
        return input;
    }

    @Override
    public String toString() {
        return "ChannelAffine(" + channels + (fixedScale == null ? ", scale" : "") + (fixedOffset == null ? ", offset" : "")
                + ")";
    }
}
