package org.keras2dl4j.validator.plot;

/**
 * Writes a {@link ModelGraph} in Graphviz's DOT language the way Keras's {@code plot_model} builds
 * it (tf_keras/src/utils/vis_utils.py, {@code model_to_dot} with {@code show_shapes=True}): top to
 * bottom, one record per layer labelled {@code name: Class | input: | output: | shapes}, arrows from
 * each inbound layer. Names are quoted and escaped, so any layer name is safe.
 */
public final class DotWriter {
    private DotWriter() {
    }

    /** The DOT text of {@code graph}. */
    public static String dot(ModelGraph graph) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph ").append(quoted(graph.name())).append(" {\n");
        // The graph attributes model_to_dot sets.
        dot.append("  rankdir=TB;\n");
        dot.append("  concentrate=true;\n");
        dot.append("  dpi=96;\n");
        dot.append("  node [shape=record];\n");
        for (ModelGraph.Node node : graph.nodes()) {
            dot.append("  ").append(quoted(node.name())).append(" [label=\"").append(label(node)).append("\"];\n");
        }
        for (ModelGraph.Edge edge : graph.edges()) {
            dot.append("  ").append(quoted(edge.from())).append(" -> ").append(quoted(edge.to())).append(";\n");
        }
        return dot.append("}\n").toString();
    }

    /**
     * The record label of a layer, as model_to_dot writes it: {@code "{%s}|{input:|output:}|{{%s}|{%s}}"},
     * ready to go between double quotes.
     */
    static String label(ModelGraph.Node node) {
        return "{" + recordText(node.name() + ": " + node.className()) + "}|{input:|output:}|{{"
                + recordText(node.input()) + "}|{" + recordText(node.output()) + "}}";
    }

    /**
     * A node name as a DOT quoted string. A backslash is doubled so that one at the end cannot swallow
     * the closing quote; the name only identifies the node, its label carries the text.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * Text for one field of a record label, to go between double quotes: the characters that structure
     * a record ({@code { } | < >}), the backslash (which starts label escapes such as {@code \N}) and the
     * double quote are escaped with a backslash, line breaks become {@code \n}, and other control
     * characters become spaces.
     */
    static String recordText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{', '}', '|', '<', '>', '\\', '"' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }
}
