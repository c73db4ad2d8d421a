package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's {@code LayerNormalization} over the trailing {@code axes} of each example:
 * {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}, with the biased variance
 * (keras/src/layers/normalization/layer_normalization.py); gamma ({@code scale}) and beta
 * ({@code center}) have the shape of the normalised axes, as in Keras.
 */
public final class LayerNorm extends OpLayer {
    private static final long serialVersionUID = 1L;

    /** The normalised axes, batch first (1 = the first after the batch), trailing and in order. */
    @JsonProperty
    private int[] axes;
    /** Their sizes: gamma's and beta's shape. */
    @JsonProperty
    private long[] shape;
    @JsonProperty
    private double epsilon;
    @JsonProperty
    private boolean scale;
    @JsonProperty
    private boolean center;

    LayerNorm() {
    }

    public LayerNorm(int[] axes, long[] shape, double epsilon, boolean scale, boolean center) {
        this.axes = axes;
        this.shape = shape;
        this.epsilon = epsilon;
        this.scale = scale;
        this.center = center;
    }

    @Override
    public Map<String, long[]> paramShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        if (scale) {
            shapes.put("gamma", shape);
        }
        if (center) {
            shapes.put("beta", shape);
        }
        return shapes;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        // Rows of the normalised values: (everything else, normalised axes flattened).
        INDArray x = input.dup('c');
        INDArray rows = x.reshape('c', x.length() / size, size);
        INDArray mean = rows.mean(true, 1);
        rows.subiColumnVector(mean);
        INDArray variance = rows.mul(rows).mean(true, 1);
        INDArray inverse = Transforms.pow(variance.addi(epsilon), -0.5, false);
        rows.muliColumnVector(inverse);
        if (scale) {
            rows.muliRowVector(params.get("gamma").reshape(size));
        }
        if (center) {
            rows.addiRowVector(params.get("beta").reshape(size));
        }
        return x;
    }

    @Override
    public InputType outputType(InputType input) {
        return input;
    }

    @Override
    public String toString() {
        return "LayerNorm(axes=" + java.util.Arrays.toString(axes) + ", epsilon=" + epsilon + ")";
    }
}
