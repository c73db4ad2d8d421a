package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code InputLayer}: its shape is {@code batch_input_shape} (Keras 1 and 2) or
 * {@code batch_shape} (Keras 3, keras/src/layers/core/input_layer.py). A network input in DL4J.
 */
final class InputLayerType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return layer.shape("batch_input_shape")
                .or(() -> layer.shape("batch_shape"))
                .orElseThrow(() -> layer.missing("batch_input_shape"));
    }

    @Override
    public void build(LayerBuild build) {
        if (build.config().bool("sparse", false) || build.config().bool("ragged", false)) {
            throw build.unsupported("sparse and ragged inputs are not supported");
        }
        Shape shape = build.outputShape();
        for (int d = 1; d < shape.rank(); d++) {
            if (shape.dim(d) == null && !(shape.rank() == 3 && d == 1)) {
                throw build.unsupported("the model's input shape " + shape + " leaves dimension " + d
                        + " open, and a DL4J network needs its size: give the input's shape (--input-shape "
                        + "on the command line, e.g. 224,224,3; inputShapes in KerasModels.load)");
            }
        }
        build.networkInput(InputTypes.of(shape, build.imageFormat(), build.where()));
    }
}
