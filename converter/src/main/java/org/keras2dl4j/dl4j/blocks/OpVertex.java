package org.keras2dl4j.dl4j.blocks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of keras2dl4j's own graph vertices, for Keras operations on several tensors (broadcasting
 * arithmetic, attention): parameters as in {@link OpLayer}, a forward pass that is a pure function
 * of the inputs and the parameters, shared by the DL4J vertex ({@link OpVertexImpl}) and the
 * inference engine. Configuration in {@code @JsonProperty} fields, and a no-argument constructor.
 */
public abstract class OpVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    /** The parameters, by key, in the order they sit in the network's parameter row. Empty by default. */
    public Map<String, long[]> paramShapes() {
        return new LinkedHashMap<>();
    }

    /** The output for {@code inputs} (Keras's layout). Must not modify the inputs. */
    public abstract INDArray forward(INDArray[] inputs, Map<String, INDArray> params);

    /** DL4J's type for the output, given the inputs'. */
    public abstract InputType outputType(InputType... inputs);

    @Override
    public GraphVertex clone() {
        return this; // immutable once built
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return OpParams.count(paramShapes());
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        Map<String, INDArray> params = paramsView == null ? new LinkedHashMap<>() : OpParams.views(paramShapes(), paramsView);
        return new OpVertexImpl(graph, name, idx, this, params, paramsView, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return outputType(vertexInputs);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], outputType(inputTypes))
                .standardMemory(numParams(true), 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** A stable description of the configuration (also what equality compares). */
    @Override
    public abstract String toString();
}
