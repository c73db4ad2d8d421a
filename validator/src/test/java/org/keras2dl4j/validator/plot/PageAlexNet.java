package org.keras2dl4j.validator.plot;

import java.util.List;
import org.keras2dl4j.fixtures.Fixtures;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.KerasModelFile;
import org.keras2dl4j.keras.ModelInference;

/** The page's AlexNet as Keras 2.2.4 saved it (its model JSON), and its layers as the page's summary lists them. */
final class PageAlexNet {
    /** Name, class and output shape of each layer, from the page's {@code model.summary()}. */
    static final List<List<String>> LAYERS = List.of(
            List.of("input_1", "InputLayer", "(None, 224, 224, 3)"),
            List.of("conv2d_1", "Conv2D", "(None, 56, 56, 96)"),
            List.of("batch_normalization_1", "BatchNormalization", "(None, 56, 56, 96)"),
            List.of("max_pooling2d_1", "MaxPooling2D", "(None, 27, 27, 96)"),
            List.of("conv2d_2", "Conv2D", "(None, 27, 27, 256)"),
            List.of("batch_normalization_2", "BatchNormalization", "(None, 27, 27, 256)"),
            List.of("max_pooling2d_2", "MaxPooling2D", "(None, 13, 13, 256)"),
            List.of("conv2d_3", "Conv2D", "(None, 13, 13, 384)"),
            List.of("conv2d_4", "Conv2D", "(None, 13, 13, 384)"),
            List.of("conv2d_5", "Conv2D", "(None, 13, 13, 256)"),
            List.of("batch_normalization_3", "BatchNormalization", "(None, 13, 13, 256)"),
            List.of("max_pooling2d_3", "MaxPooling2D", "(None, 6, 6, 256)"),
            List.of("flatten_1", "Flatten", "(None, 9216)"),
            List.of("dense_1", "Dense", "(None, 4096)"),
            List.of("dense_2", "Dense", "(None, 4096)"),
            List.of("dropout_1", "Dropout", "(None, 4096)"),
            List.of("dense_3", "Dense", "(None, 1000)"));

    private PageAlexNet() {
    }

    static ModelGraph graph() {
        try (KerasModelFile file = KerasFiles.open(Fixtures.resource("page/alexnet-page-keras224.json"), null)) {
            return ModelGraph.of(ModelInference.infer(file.config()));
        }
    }
}
