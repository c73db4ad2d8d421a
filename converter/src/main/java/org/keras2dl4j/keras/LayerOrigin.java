package org.keras2dl4j.keras;

/**
 * Where a layer of a (flattened) model comes from: its name in the model, its name in the model
 * that defines it (they differ when a nested model's layer had to be renamed), its class, and the
 * path Keras 3 saves its variables under in {@code model.weights.h5} ({@code layers/conv2d},
 * {@code layers/sequential/layers/rescaling}); null for the leading InputLayer of a Sequential
 * model, which Keras does not save. {@code outerLayer} is the layer of the outermost model that
 * holds it: itself, or the nested model it belongs to (whose group holds its weights in an HDF5
 * file of the Keras 1/2 layout).
 */
public record LayerOrigin(String name, String originalName, String className, String savePath, String outerLayer) {
}
