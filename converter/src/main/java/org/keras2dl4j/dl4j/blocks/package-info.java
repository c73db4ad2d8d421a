/**
 * keras2dl4j's own DL4J building blocks, for what DL4J 1.0.0-M2.1 has no layer for: layers
 * ({@link org.keras2dl4j.dl4j.blocks.OpLayer}), graph vertices ({@link org.keras2dl4j.dl4j.blocks.OpVertex}),
 * an input preprocessor ({@link org.keras2dl4j.dl4j.blocks.KerasReshape}) and activation functions. Each
 * computes in Keras's layout (batch first, channels last unless the model says otherwise) and is
 * serialised by DL4J like its own classes, by class name: a network that uses them is read back by
 * {@code ModelSerializer} and {@code ComputationGraph.load} when keras2dl4j-converter is on the class
 * path. They compute the forward pass only: fitting a network that contains one fails with a message
 * naming it.
 */
package org.keras2dl4j.dl4j.blocks;
