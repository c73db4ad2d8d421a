package org.keras2dl4j.validator;

import org.keras2dl4j.keras.NetworkSummary;

/**
 * One way of looking at a model, as a Keras-style summary: {@code keras_file} (the Keras config and
 * weight shapes, through the toolkit's Java shape inference; no ND4J) or {@code dl4j} (the converted
 * network, through DL4J's own shape propagation and parameter counts).
 */
public record ModelView(String id, String description, NetworkSummary summary) {

    public static final String KERAS_FILE = "keras_file";
    public static final String DL4J = "dl4j";
}
