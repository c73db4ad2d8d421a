package org.keras2dl4j.dl4j;

/**
 * One DL4J parameter and where its values come from: parameter {@code param} of vertex
 * {@code vertex}, from the weights of Keras layer {@code kerasLayer} (the owner of the weights, for
 * a shared layer's later calls the first call).
 */
public record ParamBinding(String kerasLayer, String vertex, String param, ParamSource source) {
}
