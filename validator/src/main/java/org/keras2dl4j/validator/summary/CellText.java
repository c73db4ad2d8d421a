package org.keras2dl4j.validator.summary;

import java.util.ArrayList;
import java.util.List;

import org.keras2dl4j.keras.Shape;

/**
 * Reads the text of one summary cell: a count, a {@code name (Class)}, output shapes, inbound
 * layers. Each reader throws {@link IllegalArgumentException} saying what it expected; the parser
 * turns that into a {@link SummaryFormatException} that quotes the line.
 */
final class CellText {

    /** What Keras 3 (rich) prints in place of the end of a word that does not fit its cell. */
    static final String ELLIPSIS = "…";

    private CellText() {
    }

    /** A name and class, and whether the printed class was cut at the column width. */
    record LayerName(String name, String className, boolean classNameCut) {}

    /** {@code 34944}, {@code 18,496}, or Keras 3's {@code 0 (unbuilt)} for a layer never built. */
    static long count(String text) {
        String t = text.strip();
        if (t.endsWith("(unbuilt)")) {
            t = t.substring(0, t.length() - "(unbuilt)".length()).strip();
        }
        String digits = t.replace(",", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text.strip() + "\" is not a count");
        }
        return Long.parseLong(digits);
    }

    /**
     * Splits {@code conv2d_1 (Conv2D)}. The class is after the last {@code (}: layer names do not
     * hold parentheses in practice, and a class cut at the column width has lost its {@code )}.
     */
    static LayerName layerName(String text) {
        int open = text.lastIndexOf('(');
        if (open < 0) {
            // Keras up to 2.5 cuts long names before the class begins: "linear0sparse_seq_emb_weighted_".
            return new LayerName(text, "", true);
        }
        String name = text.substring(0, open).strip();
        String cls = text.substring(open + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no layer name before \"(\"");
        }
        if (cls.endsWith(")")) {
            return new LayerName(name, cls.substring(0, cls.length() - 1), false);
        }
        return new LayerName(name, withoutEllipsis(cls), true);
    }

    /**
     * {@code (None, 56, 56, 96)}, a list such as {@code [(None, 10), (None, 10)]}, or
     * {@code multiple} / Keras 3's {@code ?} for a shape Keras does not know (empty list). A shape
     * cut at the column width (Keras up to 2.5) or ended with {@code …} (Keras 3) is unknown too:
     * whatever was cut may have been another dimension or another output.
     */
    static List<Shape> outputShapes(String text) {
        String t = text.strip();
        if (t.equals("multiple") || t.equals("?") || t.endsWith(ELLIPSIS)) {
            return List.of();
        }
        ShapeReader reader = new ShapeReader(t);
        List<Shape> shapes = new ArrayList<>();
        if (!reader.value(shapes)) {
            return List.of();
        }
        reader.expectEnd();
        return shapes;
    }

    /**
     * The inbound layers of a {@code Connected to} cell whose pieces are given line by line. Keras
     * up to 2.5 prints one inbound per line ({@code conv2d_1[0][0]}); tf.keras 2.6+ prints a Python
     * list ({@code ['conv2d_1[0][0]', 'conv2d_2[0][0]']}) cut anywhere at the column width; Keras 3
     * prints {@code conv2d_1[0][0], conv2d_2[0][0]} wrapped at spaces, or {@code -} for none.
     */
    static List<String> connections(List<String> pieces, TableColumns columns) {
        List<String> parts;
        if (columns.boxDrawn()) {
            // Inbound names hold no spaces, and a name cut with "…" has lost its comma: split on both.
            parts = List.of(String.join(" ", pieces).replace(',', ' ').split(" "));
        } else if (!pieces.isEmpty() && pieces.get(0).startsWith("[")) {
            String list = String.join("", pieces).strip();
            list = list.substring(1, list.endsWith("]") ? list.length() - 1 : list.length());
            parts = List.of(list.split(","));
        } else {
            parts = pieces;
        }
        List<String> inbound = new ArrayList<>();
        for (String part : parts) {
            String name = unquote(part.strip());
            if (!name.isEmpty() && !name.equals("-")) {
                inbound.add(name);
            }
        }
        return inbound;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String withoutEllipsis(String s) {
        return s.endsWith(ELLIPSIS) ? s.substring(0, s.length() - ELLIPSIS.length()) : s;
    }

    /** A small recursive reader for Python's printing of a shape or a list of shapes. */
    private static final class ShapeReader {
        private final String text;
        private int pos;

        ShapeReader(String text) {
            this.text = text;
        }

        /** Reads a shape or a list of them into {@code out}; false if the text was cut short. */
        boolean value(List<Shape> out) {
            skipSpaces();
            if (atEnd()) {
                return false;
            }
            char c = text.charAt(pos);
            if (c == '(') {
                return tuple(out);
            }
            if (c == '[') {
                return list(out);
            }
            throw unexpected();
        }

        private boolean list(List<Shape> out) {
            pos++;
            while (true) {
                skipSpaces();
                if (atEnd()) {
                    return false;
                }
                if (text.charAt(pos) == ']') {
                    pos++;
                    return true;
                }
                if (!value(out) || !separator(']')) {
                    return false;
                }
            }
        }

        private boolean tuple(List<Shape> out) {
            pos++;
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (atEnd()) {
                    return false;
                }
                if (text.charAt(pos) == ')') {
                    pos++;
                    out.add(new Shape(dims));
                    return true;
                }
                int start = pos;
                while (!atEnd() && ",) ".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                if (atEnd()) {
                    return false; // the last dimension may itself be cut: "(None, 256, 256, 1"
                }
                dims.add(dimension(text.substring(start, pos)));
                if (!separator(')')) {
                    return false;
                }
            }
        }

        /** After an element: a comma, or the closing bracket left for the caller. */
        private boolean separator(char close) {
            skipSpaces();
            if (atEnd()) {
                return false;
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c != close) {
                throw unexpected();
            }
            return true;
        }

        private Long dimension(String token) {
            if (token.equals("None")) {
                return Shape.NONE;
            }
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + token + "\" is not a dimension in \"" + text + "\"");
            }
        }

        void expectEnd() {
            skipSpaces();
            if (!atEnd()) {
                throw unexpected();
            }
        }

        private void skipSpaces() {
            while (!atEnd() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private IllegalArgumentException unexpected() {
            return new IllegalArgumentException("unexpected \"" + text.charAt(pos) + "\" at position "
                    + (pos + 1) + " of output shape \"" + text + "\"");
        }
    }
}
