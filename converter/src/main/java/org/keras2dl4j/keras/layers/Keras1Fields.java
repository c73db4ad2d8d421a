package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;

/**
 * Keras 1 configs and weights in the words of Keras 2, for the Java inference only (DL4J reads
 * Keras 1 configs itself when {@code keras_version} is 1). Field renames follow Keras 2's
 * keras/legacy/interfaces.py ({@code nb_filter} to {@code filters}, {@code border_mode} to
 * {@code padding}...); weight names and shapes follow Keras 1.2's layers ({@code W}, {@code b},
 * an LSTM's twelve {@code W_i, U_i, b_i...}, a {@code th} kernel stored as {@code (filters, in, rows, cols)}).
 */
public final class Keras1Fields {
    private static final Map<String, String> RENAMED = Map.of(
            "nb_filter", "filters",
            "border_mode", "padding",
            "subsample", "strides",
            "subsample_length", "strides",
            "filter_length", "kernel_size",
            "pool_length", "pool_size",
            "atrous_rate", "dilation_rate",
            "bias", "use_bias",
            "inner_activation", "recurrent_activation");

    private Keras1Fields() {
    }

    /** The layer with its Keras 1 config fields renamed to Keras 2's; class name and name kept. */
    public static LayerSpec toKeras2(LayerSpec layer) {
        ObjectNode config = layer.config().deepCopy();
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            if (config.has(rename.getKey()) && !config.has(rename.getValue())) {
                config.set(rename.getValue(), config.remove(rename.getKey()));
            }
        }
        if (config.has("nb_row") && config.has("nb_col") && !config.has("kernel_size")) {
            ArrayNode kernel = config.putArray("kernel_size");
            kernel.add(config.get("nb_row")).add(config.get("nb_col"));
        }
        if (config.has("stride") && !config.has("strides")) {
            config.set("strides", config.remove("stride"));
        }
        // Keras 1's Embedding keeps output_dim; everything else calls it units in Keras 2.
        if (!"Embedding".equals(layer.className()) && config.has("output_dim") && !config.has("units")) {
            config.set("units", config.remove("output_dim"));
        }
        return new LayerSpec(layer.name(), layer.className(), config, layer.inbound());
    }

    /** The weights a Keras 1 layer stores, from the Keras 2 weights of the same layer. */
    public static List<WeightSpec> weights(LayerSpec keras2, List<WeightSpec> weights) {
        boolean theano = "th".equals(keras2.config().path("dim_ordering").asText("tf"));
        List<WeightSpec> out = new ArrayList<>();
        if ("LSTM".equals(keras2.className()) && weights.size() >= 2) {
            long in = weights.get(0).shape().dim(0);
            long units = weights.get(1).shape().dim(0);
            boolean trainable = weights.get(0).trainable();
            for (String gate : List.of("i", "c", "f", "o")) {
                out.add(new WeightSpec("W_" + gate, Shape.of(in, units), trainable));
                out.add(new WeightSpec("U_" + gate, Shape.of(units, units), trainable));
                out.add(new WeightSpec("b_" + gate, Shape.of(units), trainable));
            }
            return out;
        }
        for (WeightSpec w : weights) {
            Shape shape = w.shape();
            String name = switch (w.name()) {
                case "kernel", "embeddings" -> "W";
                case "recurrent_kernel" -> "U";
                case "bias" -> "b";
                case "moving_mean" -> "running_mean";
                case "moving_variance" -> "running_std";
                case "alpha" -> "alphas";
                default -> w.name();
            };
            if ("W".equals(name) && shape.rank() == 4 && theano) {
                // Theano-ordered kernels: (filters, in, rows, cols).
                shape = Shape.of(shape.dim(3), shape.dim(2), shape.dim(0), shape.dim(1));
            } else if ("W".equals(name) && shape.rank() == 3) {
                // Keras 1's Convolution1D keeps a 2D kernel: (filter_length, 1, in, filters).
                shape = Shape.of(shape.dim(0), 1, shape.dim(1), shape.dim(2));
            }
            out.add(new WeightSpec(name, shape, w.trainable()));
        }
        return out;
    }

    /**
     * The values of Keras 2 weight {@code keras2Name} of a Keras 1 layer, from its stored weights
     * ({@code stored} reads one by its Keras 1 name, row-major in its stored shape): an LSTM's kernel is
     * its {@code W_i, W_f, W_c, W_o} side by side (Keras 2's gate order i, f, c, o), a {@code th}
     * convolution kernel {@code (filters, in, rows, cols)} is transposed to {@code (rows, cols, in, filters)}
     * and rotated by 180 degrees (Theano convolves; DL4J's import does the same), a Convolution1D
     * kernel {@code (length, 1, in, filters)} loses its unit axis.
     */
    public static INDArray keras2Weight(LayerSpec keras2, String keras2Name, Function<String, INDArray> stored) {
        if ("LSTM".equals(keras2.className())) {
            String prefix = switch (keras2Name) {
                case "kernel" -> "W_";
                case "recurrent_kernel" -> "U_";
                case "bias" -> "b_";
                default -> throw new IllegalArgumentException("LSTM weight " + keras2Name);
            };
            INDArray[] gates = new INDArray[4];
            String[] order = {"i", "f", "c", "o"};
            for (int g = 0; g < 4; g++) {
                gates[g] = stored.apply(prefix + order[g]);
            }
            return Nd4j.concat(gates[0].rank() - 1, gates);
        }
        String name = switch (keras2Name) {
            case "kernel", "embeddings" -> "W";
            case "recurrent_kernel" -> "U";
            case "bias" -> "b";
            case "moving_mean" -> "running_mean";
            case "moving_variance" -> "running_std"; // Keras 1.2 keeps the variance under this name
            case "alpha" -> "alphas";
            default -> keras2Name;
        };
        INDArray value = stored.apply(name);
        if ("W".equals(name) && value.rank() == 4
                && "th".equals(keras2.config().path("dim_ordering").asText("tf"))) {
            INDArray kernel = value.permute(2, 3, 1, 0).dup('c');
            long rows = kernel.size(0);
            long cols = kernel.size(1);
            INDArray rotated = kernel.get(org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
            for (long r = 0; r < rows; r++) {
                for (long c = 0; c < cols; c++) {
                    rotated.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                            .assign(kernel.get(org.nd4j.linalg.indexing.NDArrayIndex.point(rows - 1 - r),
                                    org.nd4j.linalg.indexing.NDArrayIndex.point(cols - 1 - c)));
                }
            }
            return rotated;
        }
        if ("W".equals(name) && value.rank() == 4 && value.size(1) == 1
                && keras2.className().endsWith("1D")) {
            return value.reshape('c', value.size(0), value.size(2), value.size(3));
        }
        return value;
    }
}
