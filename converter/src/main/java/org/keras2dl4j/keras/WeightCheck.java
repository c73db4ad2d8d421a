package org.keras2dl4j.keras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.layers.WeightSpec;

/**
 * Checks, before any value is read or bound, that the stored weights are exactly the weights the
 * architecture needs: every layer's weights present, none extra, each of the shape Keras would give
 * it. DL4J itself copies a weight of the wrong shape silently when the element counts agree (a
 * transposed Dense kernel, a conv kernel in (out, in, kh, kw) order) and yields a wrong network.
 */
public final class WeightCheck {
    private WeightCheck() {
    }

    /** Throws {@link InvalidModelException} naming the file, layer, weight, expected and actual shape. */
    public static void verify(InferredModel model, WeightSource weights) {
        String file = weights.file().getFileName().toString();
        checkCounts(model, file);
        Set<String> modelLayers = new HashSet<>();
        for (InferredLayer layer : model.layers()) {
            String name = layer.layer().name();
            modelLayers.add(name);
            verifyLayer(file, layer, weights.weightsOf(name));
        }
        for (String stored : weights.layers()) {
            if (!modelLayers.contains(stored) && !weights.weightsOf(stored).isEmpty()) {
                throw new InvalidModelException(file + ": has weights for layer '" + stored
                        + "', which the model does not have (is this the weights file of another model?)");
            }
        }
    }

    private static void verifyLayer(String file, InferredLayer layer, List<WeightTensor> stored) {
        if (layer.layer().isRepeatedCall()) {
            return; // a shared layer's later call uses the first call's weights, checked there
        }
        String where = file + ": layer '" + layer.layer().name() + "' (" + layer.layer().className() + ")";
        List<WeightTensor> unclaimed = new ArrayList<>(stored);
        for (WeightSpec expected : layer.weights()) {
            List<WeightTensor> candidates = unclaimed.stream().filter(expected::matches).toList();
            if (candidates.isEmpty()) {
                throw new InvalidModelException(where + ": weight '" + expected.name() + "' is missing (expected shape "
                        + expected.shape() + ")" + (stored.isEmpty() ? "; the file has no weights for this layer" : ""));
            }
            if (candidates.size() > 1) {
                throw new InvalidModelException(where + ": weight '" + expected.name() + "' is stored "
                        + candidates.size() + " times (" + candidates.stream().map(WeightTensor::location).toList() + ")");
            }
            WeightTensor actual = candidates.get(0);
            unclaimed.remove(actual);
            if (!actual.shape().equals(expected.shape())) {
                throw new InvalidModelException(where + ": weight '" + expected.name() + "' has shape "
                        + actual.shape() + ", expected " + expected.shape() + hint(expected.shape(), actual.shape()));
            }
        }
        if (!unclaimed.isEmpty()) {
            WeightTensor extra = unclaimed.get(0);
            throw new InvalidModelException(where + ": unexpected weight '" + extra.name() + "' of shape "
                    + extra.shape() + " (the layer's config expects "
                    + layer.weights().stream().map(WeightSpec::name).collect(Collectors.joining(", ", "[", "]"))
                    + ")");
        }
    }

    /**
     * Refuses a model whose parameter counts overflow a long (a config declaring absurd sizes):
     * every layer's count and the totals are computed here with exact arithmetic, so that nothing
     * later sees a negative or wrapped-around count; and a weight or output dimension beyond an int,
     * which DL4J cannot hold. {@code file} names the file in the message.
     */
    public static void checkCounts(InferredModel model, String file) {
        long total = 0;
        for (InferredLayer layer : model.layers()) {
            String where = file + ": layer '" + layer.layer().name() + "' (" + layer.layer().className() + ")";
            try {
                total = Math.addExact(total, layer.params());
                layer.trainableParams();
            } catch (ArithmeticException e) {
                throw new InvalidModelException(where + " declares more parameters than a long can count (its config "
                        + "sizes are absurd or damaged)", e);
            } catch (IllegalStateException e) {
                // A shape with an open dimension has no count: nothing to check here.
            }
            for (WeightSpec weight : layer.weights()) {
                if (tooLarge(weight.shape())) {
                    throw new InvalidModelException(where + ": weight '" + weight.name() + "' of shape " + weight.shape()
                            + " has a dimension outside 0.." + Integer.MAX_VALUE + " (DL4J sizes are ints)");
                }
            }
            if (layer.outputShape() != null && tooLarge(layer.outputShape())) {
                throw new InvalidModelException(where + ": its output shape " + layer.outputShape() + " has a dimension "
                        + "outside 0.." + Integer.MAX_VALUE + " (DL4J sizes are ints)");
            }
        }
    }

    private static boolean tooLarge(Shape shape) {
        return shape.dims().stream().anyMatch(d -> d != null && (d > Integer.MAX_VALUE || d < 0));
    }

    /** A short diagnosis for the wrong-shape mistakes people actually make. */
    private static String hint(Shape expected, Shape actual) {
        List<Long> e = expected.dims();
        List<Long> a = actual.dims();
        if (e.size() == 2 && a.size() == 2 && e.get(0).equals(a.get(1)) && e.get(1).equals(a.get(0))) {
            return " (it looks transposed: Keras stores Dense kernels as (in, out))";
        }
        if (e.size() == 4 && a.size() == 4 && e.get(3).equals(a.get(0)) && e.get(2).equals(a.get(1))
                && e.get(0).equals(a.get(2)) && e.get(1).equals(a.get(3))) {
            return " (it looks like (out, in, kh, kw) order: Keras stores Conv2D kernels as (kh, kw, in, out))";
        }
        return "";
    }
}
