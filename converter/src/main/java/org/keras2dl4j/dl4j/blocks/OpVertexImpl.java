package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The DL4J vertex of an {@link OpVertex}: holds its parameter views and runs its forward pass. */
public final class OpVertexImpl extends BaseGraphVertex {
    private final OpVertex conf;
    private final Map<String, INDArray> params;
    private final INDArray flat;

    OpVertexImpl(ComputationGraph graph, String name, int index, OpVertex conf, Map<String, INDArray> params,
            INDArray flat, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.conf = conf;
        this.params = params;
        this.flat = flat;
    }

    /** The vertex's configuration. */
    public OpVertex conf() {
        return conf;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Cannot do forward pass: inputs not set (" + vertexName + ")");
        }
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = conf.forward(inputs, params);
            for (INDArray in : inputs) {
                if (out == in) {
                    return out.dup();
                }
            }
            return out;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        throw Blocks.inferenceOnly(conf);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        // No gradients: inference only.
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        return params;
    }

    @Override
    public long numParams() {
        return flat == null ? 0 : flat.length();
    }

    @Override
    public INDArray params() {
        return flat;
    }

    @Override
    public String toString() {
        return vertexName + ": " + conf;
    }
}
