package org.keras2dl4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.hdf5.Hdf5File;
import org.keras2dl4j.hdf5.Hdf5Group;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.KerasModelFile;
import org.keras2dl4j.keras.WeightSource;
import org.keras2dl4j.keras.WeightTensor;

/**
 * Makes SYNTHETIC weights-only .h5 files for tests of bad input: copies the weights of a real Keras
 * file into Keras 2's save_weights layout, with one weight damaged the way people get weights wrong
 * (transposed, in (out, in, kh, kw) order, cut short, left out). Never a stand-in for a real file.
 */
public final class SyntheticWeights {

    /** What to do to the chosen weight. */
    public enum Damage { TRANSPOSE, OIHW, CUT_SHORT, DROP }

    private SyntheticWeights() {
    }

    /** Copies the weights of {@code model} into {@code target}, damaging {@code layer}/{@code weight}. */
    public static Path copyWith(Path model, Path target, String layer, String weight, Damage damage) {
        try (KerasModelFile file = KerasFiles.open(model, null);
                Hdf5File out = Hdf5File.create(target)) {
            WeightSource source = file.weights().orElseThrow();
            Hdf5Group root = out.root();
            root.setStringArrayAttribute("layer_names", source.layers());
            root.setStringAttribute("keras_version", file.config().kerasVersion());
            root.setStringAttribute("backend", String.valueOf(file.config().backend()));
            for (String name : source.layers()) {
                Hdf5Group group = root.createGroup(name);
                Hdf5Group inner = group.createGroup(name);
                List<String> names = new ArrayList<>();
                for (WeightTensor tensor : source.weightsOf(name)) {
                    FloatBuffer values = ByteBuffer.allocateDirect((int) tensor.shape().elementCount() * 4)
                            .order(ByteOrder.nativeOrder()).asFloatBuffer();
                    source.read(tensor, values);
                    values.rewind();
                    long[] shape = tensor.shape().toArray();
                    boolean chosen = name.equals(layer) && tensor.name().equals(weight);
                    if (chosen && damage == Damage.DROP) {
                        continue;
                    }
                    if (chosen) {
                        shape = damaged(shape, damage);
                        if (damage == Damage.CUT_SHORT) {
                            values.limit((int) shape[0]);
                        }
                    }
                    inner.createFloatDataset(tensor.name() + ":0", shape, values);
                    names.add(name + "/" + tensor.name() + ":0");
                }
                group.setStringArrayAttribute("weight_names", names);
            }
        }
        return target;
    }

    private static long[] damaged(long[] shape, Damage damage) {
        return switch (damage) {
            case TRANSPOSE -> new long[] {shape[1], shape[0]};
            case OIHW -> new long[] {shape[3], shape[2], shape[0], shape[1]};
            case CUT_SHORT -> new long[] {shape[0] - 1};
            case DROP -> shape;
        };
    }
}
