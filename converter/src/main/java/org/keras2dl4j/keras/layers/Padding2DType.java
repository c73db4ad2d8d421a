package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code ZeroPadding2D} ({@code padding}) and {@code Cropping2D} ({@code cropping}): the amount
 * is one number, {@code (rows, cols)}, or {@code ((top, bottom), (left, right))}
 * (keras/layers/convolutional.py, Keras 2). DL4J's {@code ZeroPaddingLayer} and {@code Cropping2D}.
 */
final class Padding2DType implements LayerType {
    private final String field;
    private final int sign;

    private Padding2DType(String field, int sign) {
        this.field = field;
        this.sign = sign;
    }

    static Padding2DType zeroPadding() {
        return new Padding2DType("padding", 1);
    }

    static Padding2DType cropping() {
        return new Padding2DType("cropping", -1);
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long[] amounts = amounts(layer);
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            Long in = input.dim(first + i);
            out[i] = in == null ? -1 : in + sign * (amounts[2 * i] + amounts[2 * i + 1]);
            if (in != null && out[i] <= 0) {
                throw layer.invalid(field, "less than the input " + input, java.util.Arrays.toString(amounts));
            }
        }
        return Spatial.replaceSpatial(input, last, out, -1);
    }

    /** {top, bottom, left, right}. */
    private long[] amounts(LayerConfig layer) {
        JsonNode node = layer.node(field);
        if (node == null || node.isNull()) {
            return new long[] {1, 1, 1, 1};
        }
        if (node.isIntegralNumber()) {
            long v = node.asLong();
            return new long[] {v, v, v, v};
        }
        if (node.isArray() && node.size() == 2) {
            if (node.get(0).isIntegralNumber() && node.get(1).isIntegralNumber()) {
                long r = node.get(0).asLong();
                long c = node.get(1).asLong();
                return new long[] {r, r, c, c};
            }
            if (node.get(0).isArray() && node.get(0).size() == 2 && node.get(1).isArray() && node.get(1).size() == 2) {
                return new long[] {node.get(0).get(0).asLong(), node.get(0).get(1).asLong(),
                        node.get(1).get(0).asLong(), node.get(1).get(1).asLong()};
            }
        }
        throw layer.invalid(field, "a number, (rows, cols) or ((top, bottom), (left, right))", node.toString());
    }

    @Override
    public void build(LayerBuild build) {
        int[] a = Spatial.ints(amounts(build.config()));
        org.deeplearning4j.nn.conf.CNN2DFormat format = Spatial.format(build.config());
        org.deeplearning4j.nn.conf.layers.Layer layer = sign > 0
                ? new ZeroPaddingLayer.Builder(a[0], a[1], a[2], a[3]).dataFormat(format).build()
                : new Cropping2D.Builder(a[0], a[1], a[2], a[3]).dataFormat(format).build();
        build.layer(layer, build.asImage(build.input(), format));
    }
}
