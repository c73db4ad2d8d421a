package org.keras2dl4j.validator.plot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Shape;

/**
 * What Keras's {@code plot_model(model, show_shapes=True)} draws: one node per layer with its name,
 * class and input and output shapes, in the order Keras lists the layers, and one edge from each
 * inbound layer to the layer it feeds.
 *
 * @param name the model's name
 * @param nodes the layers, in config order
 * @param edges the connections, in the order of the layers they feed and, for one layer, of its inputs
 */
public record ModelGraph(String name, List<Node> nodes, List<Edge> edges) {

    /**
     * One layer as plot_model labels it.
     *
     * @param input the input shape as Keras prints it: {@code (None, 224, 224, 3)}, or a list
     *     {@code [(None, 4), (None, 4)]} for a layer with several inputs
     * @param output the output shape, e.g. {@code (None, 56, 56, 96)}
     */
    public record Node(String name, String className, String input, String output) {
    }

    /** A connection from the layer named {@code from} to the layer named {@code to}. */
    public record Edge(String from, String to) {
    }

    public ModelGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The graph of {@code model}, with the shapes Keras infers for each layer. */
    public static ModelGraph of(InferredModel model) {
        List<Node> nodes = new ArrayList<>();
        Set<Edge> edges = new LinkedHashSet<>(); // tf_keras vis_utils.add_edge draws each connection once
        List<InferredLayer> layers = model.layers();
        InferredLayer first = layers.isEmpty() ? null : layers.get(0);
        if (first != null && first.layer().inbound().isEmpty() && !isInputLayer(first.layer())) {
            // A Sequential model saved without its InputLayer (Keras before 2.4): Keras builds one named
            // after the first layer (keras/engine/sequential.py, `layer.name + '_input'`) and plots it.
            String input = first.layer().name() + "_input";
            String shape = first.inputShapes().get(0).toString();
            nodes.add(new Node(input, "InputLayer", shape, shape));
            edges.add(new Edge(input, first.layer().name()));
        }
        for (InferredLayer layer : layers) {
            LayerSpec spec = layer.layer();
            String output = layer.outputShape().toString();
            // An InputLayer's input_shape is its output shape.
            String input = isInputLayer(spec) ? output : inputText(layer.inputShapes());
            nodes.add(new Node(spec.name(), spec.className(), input, output));
            for (String inbound : spec.inbound()) {
                edges.add(new Edge(inbound, spec.name()));
            }
        }
        return new ModelGraph(model.config().name(), nodes, List.copyOf(edges));
    }

    private static boolean isInputLayer(LayerSpec layer) {
        return "InputLayer".equals(layer.className());
    }

    /** Keras's {@code layer.input_shape}: one shape, or the list of them for several inputs. */
    private static String inputText(List<Shape> shapes) {
        if (shapes.size() == 1) {
            return shapes.get(0).toString();
        }
        return shapes.stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
