package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's {@code GRU} (DL4J has none), on sequences {@code (batch, steps, features)}, with Keras's
 * weights as they are: kernel {@code (features, 3 units)}, recurrent_kernel {@code (units, 3 units)}
 * in gate order z, r, h, and bias {@code (3 units)} or, with {@code reset_after} (Keras 2.3+'s and 3's
 * default), {@code (2, 3 units)}: input and recurrent biases. Per step (keras/src/layers/rnn/gru.py):
 * {@code z = σ(x·Wz + h·Uz + b)}, {@code r = σ(x·Wr + h·Ur + b)}, candidate
 * {@code act(x·Wh + r * (h·Uh + bh))} with reset_after, {@code act(x·Wh + (r * h)·Uh + b)} without;
 * {@code h = z * h + (1 - z) * candidate}. Returns the last state, or every step's.
 */
public final class Gru extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private long inputSize;
    @JsonProperty
    private long units;
    @JsonProperty
    private boolean resetAfter;
    @JsonProperty
    private boolean useBias;
    @JsonProperty
    private boolean returnSequences;
    @JsonProperty
    private IActivation activation;
    @JsonProperty
    private IActivation recurrentActivation;

    Gru() {
    }

    public Gru(long inputSize, long units, boolean resetAfter, boolean useBias, boolean returnSequences,
            IActivation activation, IActivation recurrentActivation) {
        this.inputSize = inputSize;
        this.units = units;
        this.resetAfter = resetAfter;
        this.useBias = useBias;
        this.returnSequences = returnSequences;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
    }

    @Override
    public Map<String, long[]> paramShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("kernel", new long[] {inputSize, 3 * units});
        shapes.put("recurrent_kernel", new long[] {units, 3 * units});
        if (useBias) {
            shapes.put("bias", resetAfter ? new long[] {2, 3 * units} : new long[] {3 * units});
        }
        return shapes;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        long batch = input.size(0);
        long steps = input.size(1);
        INDArray kernel = params.get("kernel");
        INDArray recurrent = params.get("recurrent_kernel");
        INDArray bias = params.get("bias");
        INDArray inputBias = bias == null ? null : resetAfter ? bias.getRow(0) : bias;
        INDArray recurrentBias = bias == null || !resetAfter ? null : bias.getRow(1);
        INDArray xw = input.dup('c').reshape('c', batch * steps, inputSize).mmul(kernel);
        if (inputBias != null) {
            xw.addiRowVector(inputBias);
        }
        xw = xw.reshape('c', batch, steps, 3 * units);
        INDArray h = Nd4j.zeros(input.dataType(), batch, units);
        INDArray out = returnSequences ? Nd4j.create(input.dataType(), batch, steps, units) : null;
        INDArrayIndex all = NDArrayIndex.all();
        INDArray recurrentZr = recurrent.get(all, NDArrayIndex.interval(0, 2 * units));
        INDArray recurrentH = recurrent.get(all, NDArrayIndex.interval(2 * units, 3 * units));
        for (long t = 0; t < steps; t++) {
            INDArray x = xw.get(all, NDArrayIndex.point(t), all);
            INDArray xz = x.get(all, NDArrayIndex.interval(0, units));
            INDArray xr = x.get(all, NDArrayIndex.interval(units, 2 * units));
            INDArray xh = x.get(all, NDArrayIndex.interval(2 * units, 3 * units));
            INDArray z;
            INDArray r;
            INDArray candidate;
            if (resetAfter) {
                INDArray hh = h.mmul(recurrent);
                if (recurrentBias != null) {
                    hh.addiRowVector(recurrentBias);
                }
                z = recurrentActivation.getActivation(xz.add(hh.get(all, NDArrayIndex.interval(0, units))), false);
                r = recurrentActivation.getActivation(xr.add(hh.get(all, NDArrayIndex.interval(units, 2 * units))), false);
                candidate = activation.getActivation(
                        xh.add(r.mul(hh.get(all, NDArrayIndex.interval(2 * units, 3 * units)))), false);
            } else {
                INDArray hzr = h.mmul(recurrentZr);
                z = recurrentActivation.getActivation(xz.add(hzr.get(all, NDArrayIndex.interval(0, units))), false);
                r = recurrentActivation.getActivation(xr.add(hzr.get(all, NDArrayIndex.interval(units, 2 * units))),
                        false);
                candidate = activation.getActivation(xh.add(r.mul(h).mmul(recurrentH)), false);
            }
            // h = z * h + (1 - z) * candidate = candidate + z * (h - candidate)
            h = candidate.add(z.mul(h.sub(candidate)));
            if (out != null) {
                out.get(all, NDArrayIndex.point(t), all).assign(h);
            }
        }
        return out != null ? out : h;
    }

    @Override
    public InputType outputType(InputType input) {
        InputType.InputTypeRecurrent in = (InputType.InputTypeRecurrent) input;
        return returnSequences ? InputType.recurrent(units, in.getTimeSeriesLength(), RNNFormat.NWC)
                : InputType.feedForward(units);
    }

    @Override
    public String toString() {
        return "Gru(" + units + (resetAfter ? ", reset_after" : "") + (returnSequences ? ", sequences" : "") + ")";
    }
}
