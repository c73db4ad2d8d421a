package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Keras's {@code MultiHeadAttention} on sequences (keras/src/layers/attention/multi_head_attention.py):
 * inputs query {@code (B, Tq, dq)}, value {@code (B, Tv, dv)} and optionally key {@code (B, Tv, dk)}
 * (the value when absent); per head h, {@code softmax(q_h k_h^T / sqrt(key_dim)) v_h} with
 * {@code q = query · Wq + bq} ({@code Wq (dq, heads, key_dim)}) and likewise k and v, then
 * {@code Σ_h out_h · Wo_h + bo} ({@code Wo (heads, value_dim, out)}). With {@code causal}, a query
 * step sees the value steps up to its own (Keras's {@code use_causal_mask}: masked scores get
 * -1e9 added before the softmax). Parameters keep Keras's names and shapes.
 */
public final class MultiHeadAttention extends OpVertex {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private long heads;
    @JsonProperty
    private long keyDim;
    @JsonProperty
    private long valueDim;
    @JsonProperty
    private long queryFeatures;
    @JsonProperty
    private long keyFeatures;
    @JsonProperty
    private long valueFeatures;
    @JsonProperty
    private long outputFeatures;
    @JsonProperty
    private boolean useBias;
    @JsonProperty
    private boolean causal;

    MultiHeadAttention() {
    }

    public MultiHeadAttention(long heads, long keyDim, long valueDim, long queryFeatures, long keyFeatures,
            long valueFeatures, long outputFeatures, boolean useBias, boolean causal) {
        this.heads = heads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.queryFeatures = queryFeatures;
        this.keyFeatures = keyFeatures;
        this.valueFeatures = valueFeatures;
        this.outputFeatures = outputFeatures;
        this.useBias = useBias;
        this.causal = causal;
    }

    @Override
    public Map<String, long[]> paramShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("query_kernel", new long[] {queryFeatures, heads, keyDim});
        if (useBias) {
            shapes.put("query_bias", new long[] {heads, keyDim});
        }
        shapes.put("key_kernel", new long[] {keyFeatures, heads, keyDim});
        if (useBias) {
            shapes.put("key_bias", new long[] {heads, keyDim});
        }
        shapes.put("value_kernel", new long[] {valueFeatures, heads, valueDim});
        if (useBias) {
            shapes.put("value_bias", new long[] {heads, valueDim});
        }
        shapes.put("output_kernel", new long[] {heads, valueDim, outputFeatures});
        if (useBias) {
            shapes.put("output_bias", new long[] {outputFeatures});
        }
        return shapes;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 3;
    }

    @Override
    public INDArray forward(INDArray[] inputs, Map<String, INDArray> params) {
        INDArray query = inputs[0];
        INDArray value = inputs[1];
        INDArray key = inputs.length > 2 ? inputs[2] : value;
        long batch = query.size(0);
        long tq = query.size(1);
        long tv = value.size(1);
        INDArray q = project(query, params, "query", keyDim); // (B, H, Tq, K)
        INDArray k = project(key, params, "key", keyDim); // (B, H, Tv, K)
        INDArray v = project(value, params, "value", valueDim); // (B, H, Tv, V)
        q.muli(1.0 / Math.sqrt(keyDim));
        INDArray scores = Nd4j.matmul(q, k, false, true, false); // (B, H, Tq, Tv)
        if (causal) {
            float[] mask = new float[Math.toIntExact(tq * tv)];
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tv; j++) {
                    mask[Math.toIntExact(i * tv + j)] = -1e9f;
                }
            }
            scores = Arithmetic.apply(Arithmetic.Op.ADD, scores, Nd4j.create(mask, new long[] {1, 1, tq, tv}, 'c')
                    .castTo(scores.dataType()));
        }
        Nd4j.exec(new SoftMax(scores, scores, 3));
        INDArray attended = Nd4j.matmul(scores, v); // (B, H, Tq, V)
        INDArray merged = attended.permute(0, 2, 1, 3).dup('c').reshape('c', batch * tq, heads * valueDim);
        INDArray out = merged.mmul(params.get("output_kernel").reshape('c', heads * valueDim, outputFeatures));
        if (useBias) {
            out.addiRowVector(params.get("output_bias"));
        }
        return out.reshape('c', batch, tq, outputFeatures);
    }

    /** {@code x · W + b} per head: (B, T, d) to (B, H, T, dim). */
    private INDArray project(INDArray x, Map<String, INDArray> params, String which, long dim) {
        long batch = x.size(0);
        long steps = x.size(1);
        long features = x.size(2);
        INDArray y = x.dup('c').reshape('c', batch * steps, features)
                .mmul(params.get(which + "_kernel").reshape('c', features, heads * dim));
        if (useBias) {
            y.addiRowVector(params.get(which + "_bias").reshape(heads * dim));
        }
        return y.reshape('c', batch, steps, heads, dim).permute(0, 2, 1, 3).dup('c');
    }

    @Override
    public InputType outputType(InputType... inputs) {
        InputType.InputTypeRecurrent query = (InputType.InputTypeRecurrent) inputs[0];
        return InputType.recurrent(outputFeatures, query.getTimeSeriesLength(), RNNFormat.NWC);
    }

    @Override
    public String toString() {
        return "MultiHeadAttention(heads=" + heads + ", key_dim=" + keyDim + ", value_dim=" + valueDim
                + (causal ? ", causal" : "") + ")";
    }
}
