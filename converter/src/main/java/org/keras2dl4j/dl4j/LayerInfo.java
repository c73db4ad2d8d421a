package org.keras2dl4j.dl4j;

/**
 * What the converted network remembers of one Keras layer: its name (which is also the DL4J layer
 * or vertex name), its Keras class, and whether Keras trained it.
 */
public record LayerInfo(String name, String className, boolean trainable) {
}
