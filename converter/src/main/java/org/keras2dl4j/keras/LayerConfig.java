package org.keras2dl4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keras2dl4j.InvalidModelException;

/**
 * Typed reading of one layer's {@code config} fields. Every error names the file, the layer, the
 * field, what was expected and what was found, so that a bad config gets one clear message.
 */
public final class LayerConfig {
    private final String source;
    private final LayerSpec layer;
    private final int kerasMajor;

    LayerConfig(String source, LayerSpec layer, int kerasMajor) {
        this.source = source;
        this.layer = layer;
        this.kerasMajor = kerasMajor;
    }

    public LayerSpec layer() {
        return layer;
    }

    /** The file the config comes from, as messages name it. */
    public String source() {
        return source;
    }

    /**
     * The major version of the Keras that wrote the model (1, 2 or 3): where a field's default or an
     * activation's meaning changed between versions, the version decides.
     */
    public int kerasMajor() {
        return kerasMajor;
    }

    public boolean has(String field) {
        JsonNode node = layer.config().get(field);
        return node != null && !node.isNull();
    }

    public JsonNode node(String field) {
        return layer.config().get(field);
    }

    /** A positive whole number field such as {@code filters} or {@code units}. */
    public long positiveLong(String field) {
        JsonNode node = required(field);
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() <= 0) {
            throw invalid(field, "a positive whole number", node.toString());
        }
        return node.asLong();
    }

    public String string(String field, String defaultValue) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isTextual()) {
            throw invalid(field, "a string", node.toString());
        }
        return node.asText();
    }

    public boolean bool(String field, boolean defaultValue) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw invalid(field, "true or false", node.toString());
        }
        return node.asBoolean();
    }

    public double number(String field, double defaultValue) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isNumber()) {
            throw invalid(field, "a number", node.toString());
        }
        return node.asDouble();
    }

    /**
     * A tuple of {@code n} whole numbers, written either as one number (Keras expands {@code 3} to
     * {@code (3, 3)}) or as a list of {@code n}.
     */
    public long[] tuple(String field, int n) {
        return optionalTuple(field, n).orElseThrow(() -> missing(field));
    }

    /** Like {@link #tuple}, or empty when the field is absent or null. */
    public Optional<long[]> optionalTuple(String field, int n) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        long[] out = new long[n];
        if (node.isIntegralNumber()) {
            java.util.Arrays.fill(out, node.asLong());
        } else if (node.isArray() && node.size() == n) {
            for (int i = 0; i < n; i++) {
                if (!node.get(i).isIntegralNumber()) {
                    throw invalid(field, n + " whole numbers", node.toString());
                }
                out[i] = node.get(i).asLong();
            }
        } else {
            throw invalid(field, n + " whole numbers", node.toString());
        }
        for (long v : out) {
            if (v <= 0) {
                throw invalid(field, "positive numbers", node.toString());
            }
        }
        return Optional.of(out);
    }

    /**
     * An axis field ({@code axis}): one whole number or a list of them (tf.keras 2.x and Keras 3 write
     * {@code [3]} for one axis); {@code defaultAxis} when absent. Values as written, possibly negative.
     */
    public int[] axes(String field, int defaultAxis) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return new int[] {defaultAxis};
        }
        if (node.isIntegralNumber()) {
            return new int[] {node.asInt()};
        }
        if (node.isArray() && !node.isEmpty()) {
            int[] out = new int[node.size()];
            for (int i = 0; i < out.length; i++) {
                if (!node.get(i).isIntegralNumber()) {
                    throw invalid(field, "an axis or a list of axes", node.toString());
                }
                out[i] = node.get(i).asInt();
            }
            return out;
        }
        throw invalid(field, "an axis or a list of axes", node.toString());
    }

    /** An axis field that must name exactly one axis. */
    public int axis(String field, int defaultAxis) {
        int[] axes = axes(field, defaultAxis);
        if (axes.length != 1) {
            throw invalid(field, "one axis", String.valueOf(layer.config().get(field)));
        }
        return axes[0];
    }

    /** A shape list such as {@code batch_input_shape}: whole numbers or {@code null} for None. */
    public Optional<Shape> shape(String field) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw invalid(field, "a list of dimensions", node.toString());
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode d : node) {
            if (d.isNull()) {
                dims.add(Shape.NONE);
            } else if (d.isIntegralNumber() && d.asLong() > 0) {
                dims.add(d.asLong());
            } else {
                throw invalid(field, "positive whole numbers or null", node.toString());
            }
        }
        return Optional.of(new Shape(dims));
    }

    /** An error about this layer's config, naming the file and the layer. */
    public InvalidModelException invalid(String field, String expected, String actual) {
        return new InvalidModelException(where() + ": field '" + field + "' must be " + expected
                + ", found " + actual);
    }

    public InvalidModelException missing(String field) {
        return new InvalidModelException(where() + ": field '" + field + "' is missing");
    }

    /** {@code file: layer 'conv2d_1' (Conv2D)}: the prefix of every message about this layer. */
    public String where() {
        return source + ": layer '" + layer.name() + "' (" + layer.className() + ")";
    }

    private JsonNode required(String field) {
        JsonNode node = layer.config().get(field);
        if (node == null || node.isNull()) {
            throw missing(field);
        }
        return node;
    }
}
