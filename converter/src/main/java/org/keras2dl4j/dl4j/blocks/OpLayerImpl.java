package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The DL4J layer of an {@link OpLayer}: holds its parameter views and runs its forward pass. */
public final class OpLayerImpl extends AbstractLayer<OpLayer> {
    private static final long serialVersionUID = 1L;

    private Map<String, INDArray> params = new LinkedHashMap<>();
    private INDArray flat;

    OpLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = layerConf().forward(input, params);
            return out == input ? out.dup() : out;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        throw Blocks.inferenceOnly(layerConf());
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public INDArray params() {
        return flat;
    }

    @Override
    public long numParams() {
        return flat == null ? 0 : flat.length();
    }

    @Override
    public long numParams(boolean backwards) {
        return numParams();
    }

    @Override
    public void setParamsViewArray(INDArray params) {
        this.flat = params;
    }

    @Override
    public void setParams(INDArray params) {
        if (flat != null && params != flat) {
            flat.assign(params.reshape(flat.shape()));
        }
    }

    @Override
    public INDArray getParam(String param) {
        return params.get(param);
    }

    @Override
    public void setParam(String key, INDArray val) {
        params.get(key).assign(val);
    }

    @Override
    public Map<String, INDArray> paramTable() {
        return params;
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropParamsOnly) {
        return params;
    }

    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        this.params = new LinkedHashMap<>(paramTable);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        // No gradients: inference only.
    }

    @Override
    public Layer clone() {
        throw new UnsupportedOperationException("clone");
    }
}
