package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.MultiHeadAttention;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code MultiHeadAttention(num_heads, key_dim, value_dim, output_shape, use_bias)} called on
 * sequences {@code (query, value[, key])}: weights query/key/value kernels {@code (features, heads, dim)}
 * and biases {@code (heads, dim)}, attention_output kernel {@code (heads, value_dim, out)} and bias
 * {@code (out,)}, stored as {@code query/kernel}... in {@code .h5} files and in the
 * {@code query_dense}... objects of a Keras 3 archive. keras2dl4j's {@link MultiHeadAttention} vertex.
 * Attention masks, {@code attention_axes} and returned scores are refused; {@code use_causal_mask}
 * is converted.
 */
final class MultiHeadAttentionType implements LayerType {
    /** Keras's sublayers: name in .h5 files, object in Keras 3 archives. */
    private static final Map<String, String> OBJECTS = Map.of("query", "query_dense", "key", "key_dense",
            "value", "value_dense", "attention_output", "output_dense");

    /** Positions of query, value and key among the call's tensor inputs (key = value when absent). */
    private record Roles(int query, int value, int key) {
    }

    private static Roles roles(LayerConfig layer, int tensors) {
        JsonNode kwargs = layer.layer().kwargs();
        List<String> named = new ArrayList<>();
        if (kwargs != null && kwargs.isObject()) {
            kwargs.fields().forEachRemaining(f -> {
                if (isTensor(f.getValue())) {
                    named.add(f.getKey());
                }
            });
            for (String refused : List.of("attention_mask", "query_mask", "value_mask", "key_mask")) {
                if (named.contains(refused)) {
                    throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": " + refused
                            + " is not supported");
                }
            }
            if (kwargs.path("return_attention_scores").asBoolean(false)) {
                throw new org.keras2dl4j.UnsupportedFeatureException(layer.where()
                        + ": return_attention_scores=True is not supported");
            }
        }
        int positional = tensors - named.size();
        List<String> order = new ArrayList<>(List.of("query", "value", "key").subList(0, Math.min(3, positional)));
        order.addAll(named);
        int query = order.indexOf("query");
        int value = order.indexOf("value");
        int key = order.indexOf("key");
        if (query < 0 || value < 0) {
            throw new InvalidModelException(layer.where() + ": needs query and value, the call gives " + order);
        }
        return new Roles(query, value, key < 0 ? value : key);
    }

    private static boolean isTensor(JsonNode v) {
        return v.isObject() && "__keras_tensor__".equals(v.path("class_name").asText())
                || v.isArray() && v.size() >= 3 && v.get(0).isTextual() && v.get(1).isIntegralNumber();
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Roles roles = roles(layer, inputs.size());
        Shape query = inputs.get(roles.query());
        if (query.rank() != 3 || inputs.get(roles.value()).rank() != 3) {
            throw new org.keras2dl4j.UnsupportedFeatureException(layer.where()
                    + ": attention over inputs other than sequences (None, steps, features) is not supported");
        }
        return new Shape(java.util.Arrays.asList(Shape.NONE, query.dim(1), outputFeatures(layer, query)));
    }

    private static long outputFeatures(LayerConfig layer, Shape query) {
        JsonNode shape = layer.node("output_shape");
        if (shape == null || shape.isNull()) {
            return query.dim(2);
        }
        JsonNode single = shape.isArray() && shape.size() == 1 ? shape.get(0) : shape;
        if (!single.isIntegralNumber()) {
            throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": output_shape " + shape
                    + " is not supported (one size is)");
        }
        return single.asLong();
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Roles roles = roles(layer, inputs.size());
        long heads = layer.positiveLong("num_heads");
        long keyDim = layer.positiveLong("key_dim");
        long valueDim = layer.has("value_dim") ? layer.positiveLong("value_dim") : keyDim;
        long out = outputFeatures(layer, inputs.get(roles.query()));
        boolean bias = layer.bool("use_bias", true);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        add(weights, "query", Shape.of(inputs.get(roles.query()).dim(2), heads, keyDim), Shape.of(heads, keyDim), bias,
                trainable);
        add(weights, "key", Shape.of(inputs.get(roles.key()).dim(2), heads, keyDim), Shape.of(heads, keyDim), bias,
                trainable);
        add(weights, "value", Shape.of(inputs.get(roles.value()).dim(2), heads, valueDim), Shape.of(heads, valueDim),
                bias, trainable);
        add(weights, "attention_output", Shape.of(heads, valueDim, out), Shape.of(out), bias, trainable);
        return weights;
    }

    private static void add(List<WeightSpec> weights, String sublayer, Shape kernel, Shape bias, boolean useBias,
            boolean trainable) {
        String object = OBJECTS.get(sublayer);
        weights.add(new WeightSpec(sublayer + "/kernel", kernel, trainable, List.of(object + "/vars/0")));
        if (useBias) {
            weights.add(new WeightSpec(sublayer + "/bias", bias, trainable, List.of(object + "/vars/1")));
        }
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        JsonNode axes = c.node("attention_axes");
        boolean stepsAxis = axes != null && (axes.isIntegralNumber() && axes.asInt() == 1
                || axes.isArray() && axes.size() == 1 && axes.get(0).asInt() == 1);
        if (c.has("attention_axes") && !stepsAxis) {
            // Keras saves the default, attention over the steps of a sequence, as [1].
            throw build.unsupported("attention_axes " + c.node("attention_axes") + " is not supported");
        }
        Roles roles = roles(c, build.inputs().size());
        Tensor query = build.asSequence(build.inputs().get(roles.query()));
        Tensor value = build.asSequence(build.inputs().get(roles.value()));
        Tensor key = build.asSequence(build.inputs().get(roles.key()));
        long heads = c.positiveLong("num_heads");
        long keyDim = c.positiveLong("key_dim");
        long valueDim = c.has("value_dim") ? c.positiveLong("value_dim") : keyDim;
        boolean bias = build.hasWeight("query/bias");
        JsonNode kwargs = c.layer().kwargs();
        boolean causal = kwargs != null && kwargs.path("use_causal_mask").asBoolean(false);
        Tensor out = build.vertex(null, new MultiHeadAttention(heads, keyDim, valueDim, query.shape().dim(2),
                key.shape().dim(2), value.shape().dim(2), build.outputShape().dim(2), bias, causal), query, value, key);
        for (String sublayer : List.of("query", "key", "value", "attention_output")) {
            String param = sublayer.equals("attention_output") ? "output" : sublayer;
            build.bind(out, param + "_kernel", ParamSource.weight(sublayer + "/kernel"));
            if (bias) {
                build.bind(out, param + "_bias", ParamSource.weight(sublayer + "/bias"));
            }
        }
    }
}
