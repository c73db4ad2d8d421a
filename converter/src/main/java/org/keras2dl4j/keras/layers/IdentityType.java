package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Layers that return their input at inference and own no weights: Dropout and its kinds, noise,
 * ActivityRegularization, and Keras's random image augmentation layers ({@code RandomFlip},
 * {@code RandomRotation}, {@code RandomZoom}, {@code RandomTranslation}, {@code RandomContrast},
 * {@code RandomBrightness}), which transform images only when training
 * (keras/src/layers/preprocessing/image_preprocessing, transform_images). {@code RandomCrop} is not one
 * of them: at inference it crops. They add no DL4J block.
 */
final class IdentityType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public void build(LayerBuild build) {
        build.identity();
    }
}
