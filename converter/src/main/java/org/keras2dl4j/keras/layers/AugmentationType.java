package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras's random image augmentation layers ({@code RandomFlip}, {@code RandomRotation},
 * {@code RandomZoom}, {@code RandomTranslation}, {@code RandomContrast}, {@code RandomBrightness}):
 * they transform images only when training and return their input at inference
 * (keras/src/layers/preprocessing/image_preprocessing, transform_images), so the converted
 * network passes the input through. {@code RandomCrop} is not one of them: at inference it crops
 * and resizes.
 */
final class AugmentationType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }
}
