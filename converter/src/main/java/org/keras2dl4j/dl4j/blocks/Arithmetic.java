package org.keras2dl4j.dl4j.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Min;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Elementwise arithmetic over two or more activations with NumPy's broadcasting, as Keras's merge
 * layers ({@code Add}, {@code Multiply}... on shapes such as {@code (None, 7, 7, 32)} and
 * {@code (None, 1, 1, 32)}, EfficientNet's squeeze-and-excite) and graph operations
 * ({@code x - y}) compute it; folded left to right ({@code Subtract} takes two inputs,
 * {@code Average} sums then divides by the count). DL4J's {@code ElementWiseVertex} needs equal shapes.
 */
public final class Arithmetic extends OpVertex {
    private static final long serialVersionUID = 1L;

    /** The operations. */
    public enum Op {
        ADD, SUBTRACT, MULTIPLY, DIVIDE, MAXIMUM, MINIMUM, AVERAGE
    }

    @JsonProperty
    private Op op;

    Arithmetic() {
    }

    public Arithmetic(Op op) {
        this.op = op;
    }

    public Op op() {
        return op;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return op == Op.SUBTRACT || op == Op.DIVIDE ? 2 : Integer.MAX_VALUE;
    }

    @Override
    public INDArray forward(INDArray[] inputs, Map<String, INDArray> params) {
        INDArray acc = inputs[0];
        for (int i = 1; i < inputs.length; i++) {
            acc = apply(op == Op.AVERAGE ? Op.ADD : op, acc, inputs[i]);
        }
        return op == Op.AVERAGE ? acc.divi(inputs.length) : acc;
    }

    /** {@code x op y} with broadcasting, into a new array. */
    static INDArray apply(Op op, INDArray x, INDArray y) {
        long[] shape = broadcast(x.shape(), y.shape());
        INDArray z = Nd4j.createUninitialized(x.dataType() == DataType.FLOAT ? DataType.FLOAT : x.dataType(), shape);
        DynamicCustomOp custom = switch (op) {
            case ADD, AVERAGE -> new AddOp(x, y, z);
            case SUBTRACT -> new SubOp(x, y, z);
            case MULTIPLY -> new MulOp(x, y, z);
            case DIVIDE -> new DivOp(x, y, z);
            case MAXIMUM -> new Max(x, y, z);
            case MINIMUM -> new Min(x, y, z);
        };
        Nd4j.exec(custom);
        return z;
    }

    /** NumPy's broadcast shape. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + java.util.Arrays.toString(a) + " and "
                        + java.util.Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    @Override
    public InputType outputType(InputType... inputs) {
        return broadcastType(inputs);
    }

    /** The type of the broadcast of {@code inputs}: the first input's of that shape, else one in NHWC. */
    static InputType broadcastType(InputType... inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (InputType type : inputs) {
            shapes.add(InputTypes.toKerasShape(type));
        }
        List<Long> dims = new ArrayList<>(shapes.get(0).dims());
        for (Shape s : shapes.subList(1, shapes.size())) {
            if (s.rank() != dims.size()) {
                throw new IllegalArgumentException("inputs of ranks " + dims.size() + " and " + s.rank());
            }
            for (int i = 1; i < dims.size(); i++) {
                Long a = dims.get(i);
                Long b = s.dim(i);
                dims.set(i, a != null && a == 1 ? b : a);
            }
        }
        Shape result = new Shape(dims);
        for (int i = 0; i < inputs.length; i++) {
            if (shapes.get(i).equals(result)) {
                return inputs[i];
            }
        }
        return InputTypes.of(result, CNN2DFormat.NHWC, "broadcast");
    }

    @Override
    public String toString() {
        return "Arithmetic(" + op + ")";
    }
}
