package org.keras2dl4j.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One call of a Keras layer in a (flattened) model: the name, the Keras {@code class_name}, the
 * module Keras recorded for the class (null when the file has none; Keras 3 marks its graph ops
 * with {@code keras.src.ops.*}), the layer's {@code config}, the tensors that feed the call (for a
 * Sequential model, the layer before it) and its arguments in order, tensors and constants.
 *
 * <p>A layer called more than once (a shared layer) is one spec per call: the first call has the
 * layer's name, later ones {@code name#1}, {@code name#2}..., with {@link #sharedWith} naming the
 * first, whose weights they use. Weights are not part of a layer spec; see {@link WeightSource}.
 */
public record LayerSpec(String name, String className, String module, ObjectNode config, List<String> inbound,
        List<Operand> operands, JsonNode kwargs, String sharedWith) {

    public LayerSpec {
        inbound = List.copyOf(inbound);
        operands = List.copyOf(operands);
    }

    /** A layer called once, on {@code inbound}, with no other arguments. */
    public LayerSpec(String name, String className, ObjectNode config, List<String> inbound) {
        this(name, className, null, config, inbound, inbound.stream().map(Operand::tensor).toList(), null, null);
    }

    /** The layer's config as a typed accessor whose errors name this layer. */
    public LayerConfig fields(String source, int kerasMajor) {
        return new LayerConfig(source, this, kerasMajor);
    }

    /** Whether Keras trains this layer's weights ({@code "trainable": false} freezes them). */
    public boolean trainable() {
        return !config.has("trainable") || config.get("trainable").asBoolean(true);
    }

    /** The layer whose weights this call uses: itself, or the first call of a shared layer. */
    public String weightOwner() {
        return sharedWith == null ? name : sharedWith;
    }

    /** Whether this is a later call of a shared layer, whose weights belong to {@link #sharedWith}. */
    public boolean isRepeatedCall() {
        return sharedWith != null;
    }

    /** The same call under another name and config (nested models' layers are renamed when flattened). */
    public LayerSpec with(String newName, ObjectNode newConfig) {
        return new LayerSpec(newName, className, module, newConfig, inbound, operands, kwargs, sharedWith);
    }
}
