package org.keras2dl4j.dl4j.blocks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Base of keras2dl4j's own single-input DL4J layers: a subclass declares its parameters
 * ({@link #paramShapes}, Keras's weight shapes), its output type, and its forward pass as a pure
 * function of the input and the parameters, which the DL4J layer ({@link OpLayerImpl}) and the
 * inference engine both call. Subclasses keep their configuration in fields marked
 * {@code @JsonProperty} and have a no-argument constructor, so DL4J's JSON serialisation reads them back.
 */
public abstract class OpLayer extends Layer {
    private static final long serialVersionUID = 1L;

    protected OpLayer() {
    }

    /** The parameters, by key, in the order they sit in the network's parameter row. Empty by default. */
    public Map<String, long[]> paramShapes() {
        return new LinkedHashMap<>();
    }

    /**
     * The layer's output for {@code input} (Keras's layout, batch first) with {@code params} (views
     * with the shapes of {@link #paramShapes}). Must not modify {@code input}.
     */
    public abstract INDArray forward(INDArray input, Map<String, INDArray> params);

    /** DL4J's type for the output, given the input's. */
    public abstract InputType outputType(InputType input);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams,
            DataType networkDataType) {
        OpLayerImpl layer = new OpLayerImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(OpParams.views(paramShapes(), layerParamsView == null ? org.nd4j.linalg.factory.Nd4j
                .empty(networkDataType) : layerParamsView));
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return OpParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return outputType(inputType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // Sizes come from the Keras config, not from DL4J's shape propagation.
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return new NoOp();
    }

    @Override
    public org.deeplearning4j.nn.conf.GradientNormalization getGradientNormalization() {
        return org.deeplearning4j.nn.conf.GradientNormalization.None;
    }

    @Override
    public double getGradientNormalizationThreshold() {
        return 0;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), inputType, outputType(inputType))
                .standardMemory(OpParams.count(paramShapes()), 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + getLayerName() + ")";
    }
}
