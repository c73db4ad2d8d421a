package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.Gru;
import org.keras2dl4j.dl4j.blocks.TimeReverse;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras's recurrent layers on {@code (None, steps, features)}: {@code LSTM} (4 gates),
 * {@code GRU} (3) and {@code SimpleRNN} (1): kernel {@code (features, gates * units)},
 * recurrent_kernel {@code (units, gates * units)}, bias {@code (gates * units,)} (a GRU with
 * {@code reset_after}: {@code (2, 3 * units)}); the output is {@code (None, units)}, or
 * {@code (None, steps, units)} with {@code return_sequences}. In DL4J: its {@code LSTM} (gate blocks
 * reordered from Keras's i, f, c, o to DL4J's c, f, o, i) and {@code SimpleRnn}, in NWC order, in a
 * {@code LastTimeStep} for the last state; keras2dl4j's {@link Gru}. {@code go_backwards} reverses the
 * steps first ({@link TimeReverse}); {@code return_state} is refused.
 */
final class RecurrentType implements LayerType {

    /** The cells. */
    enum Cell {
        LSTM(4), GRU(3), SIMPLE(1);

        final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    private final Cell cell;

    RecurrentType(Cell cell) {
        this.cell = cell;
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 3);
        if (layer.bool("return_state", false)) {
            throw new UnsupportedFeatureException(layer.where() + ": return_state is not supported");
        }
        long units = layer.positiveLong("units");
        if (layer.bool("return_sequences", false)) {
            Long steps = input.dim(1);
            return Sequences.of(steps == null ? -1 : steps, units);
        }
        return Shape.batchOf(units);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        long in = Sequences.features(layer, input);
        long units = layer.positiveLong("units");
        int gates = cell.gates;
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        // Keras 3 keeps them in the layer's cell: layers/<lstm>/cell/vars/0..2 in a .keras archive.
        weights.add(new WeightSpec("kernel", Shape.of(in, gates * units), trainable, List.of("cell/vars/0")));
        weights.add(new WeightSpec("recurrent_kernel", Shape.of(units, gates * units), trainable,
                List.of("cell/vars/1")));
        if (layer.bool("use_bias", true)) {
            boolean twoBiases = cell == Cell.GRU && resetAfter(layer);
            weights.add(new WeightSpec("bias", twoBiases ? Shape.of(2, gates * units) : Shape.of(gates * units),
                    trainable, List.of("cell/vars/2")));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        build(build, build.config(), build.input(), null, build.config().bool("go_backwards", false),
                build.config().bool("return_sequences", false), "");
    }

    /**
     * Adds the blocks of recurrent layer {@code config} over {@code input} and binds them to its
     * weights, named {@code prefix + "kernel"}...: also the two halves of a Bidirectional layer.
     *
     * @param part the name part of the block computing the output (null: the call's name)
     */
    static Tensor build(LayerBuild build, LayerConfig config, Tensor input, String part, boolean backwards,
            boolean sequences, String prefix) {
        Cell cell = switch (config.layer().className()) {
            case "LSTM" -> Cell.LSTM;
            case "GRU" -> Cell.GRU;
            case "SimpleRNN" -> Cell.SIMPLE;
            default -> throw build.unsupported("wraps a " + config.layer().className()
                    + "; keras2dl4j converts LSTM, GRU and SimpleRNN here");
        };
        if (config.bool("return_state", false)) {
            throw build.unsupported("return_state is not supported");
        }
        String name = part == null ? "" : part + "/";
        Tensor x = build.asSequence(input);
        if (backwards) {
            x = build.layer(name + "reverse", new TimeReverse(), x);
        }
        long units = config.positiveLong("units");
        String kernel = prefix + "kernel";
        String recurrent = prefix + "recurrent_kernel";
        String bias = prefix + "bias";
        boolean hasBias = build.hasWeight(bias);
        Tensor out;
        if (cell == Cell.GRU) {
            long in = x.shape().dim(2);
            boolean resetAfter = resetAfter(config);
            out = build.layer(part, new Gru(in, units, resetAfter, hasBias, sequences,
                    org.keras2dl4j.dl4j.Activations.of(config, "activation", "tanh", 3),
                    org.keras2dl4j.dl4j.Activations.of(config, "recurrent_activation", "sigmoid", 2)), x);
            build.bind(out, "kernel", ParamSource.weight(kernel));
            build.bind(out, "recurrent_kernel", ParamSource.weight(recurrent));
            if (hasBias) {
                build.bind(out, "bias", ParamSource.weight(bias));
            }
            return out;
        }
        org.deeplearning4j.nn.conf.layers.Layer rnn;
        if (cell == Cell.LSTM) {
            rnn = new LSTM.Builder().nOut(units).dataFormat(RNNFormat.NWC)
                    .activation(org.keras2dl4j.dl4j.Activations.of(config, "activation", "tanh", 3))
                    .gateActivationFunction(org.keras2dl4j.dl4j.Activations.of(config, "recurrent_activation", "sigmoid", 2))
                    .build();
        } else {
            rnn = new SimpleRnn.Builder().nOut(units).dataFormat(RNNFormat.NWC).hasLayerNorm(false)
                    .activation(org.keras2dl4j.dl4j.Activations.of(config, "activation", "tanh", 3)).build();
        }
        out = build.layer(part, sequences ? rnn : new LastTimeStep(rnn), x);
        int[] order = cell == Cell.LSTM ? new int[] {2, 1, 3, 0} : new int[] {0}; // DL4J's c, f, o, i
        build.bind(out, "W", ParamSource.weight(kernel, k -> gates(k, order)));
        build.bind(out, "RW", ParamSource.weight(recurrent, k -> gates(k, order)));
        build.bind(out, "b", hasBias ? ParamSource.weight(bias, b -> gates(b.reshape(1, b.length()), order))
                : ParamSource.constant(0));
        return out;
    }

    /** Keras 2.0 to 2.2's GRU had no reset_after (and reset before); later versions always write it. */
    private static boolean resetAfter(LayerConfig config) {
        return config.bool("reset_after", false);
    }

    /** The gate blocks of the last axis of {@code w}, in the order {@code order} gives. */
    private static INDArray gates(INDArray w, int[] order) {
        if (order.length == 1) {
            return w;
        }
        long size = w.size(1) / order.length;
        INDArray[] blocks = new INDArray[order.length];
        for (int i = 0; i < order.length; i++) {
            blocks[i] = w.get(NDArrayIndex.all(), NDArrayIndex.interval(order[i] * size, (order[i] + 1) * size));
        }
        return Nd4j.hstack(blocks);
    }
}
