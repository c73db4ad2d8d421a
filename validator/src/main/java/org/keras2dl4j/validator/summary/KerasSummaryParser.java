package org.keras2dl4j.validator.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.Shape;

/**
 * Reads the text of a Keras {@code model.summary()} into a {@link KerasSummary}: the Keras 1/2 text
 * table (cut or wrapped cells, with or without {@code Connected to}), the tf.keras 2.13-2.15 totals
 * with sizes, and the Keras 3 box-drawn table, with or without ANSI colours, Windows line ends or
 * trailing spaces, and nested models printed expanded ({@code expand_nested=True}: Keras 2 frames
 * their layers with {@code |} and {@code ¯}, Keras 3 indents them behind {@code └}). Each line is
 * classified, then read by what the table expects at that point; a line it cannot place is an error
 * that quotes it. After reading, the totals must be present. Counts that do not add up (the totals
 * among themselves, the rows against the totals) are kept as printed and reported by
 * {@link KerasSummary#inconsistencies()}: a summary edited by hand is still compared row by row.
 */
public final class KerasSummaryParser {

    /** ANSI SGR escapes that Keras 3 (rich) writes in a terminal or notebook: ESC [ 1 m, ESC [ 38;5;34 m. */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private static final String TOTAL = "Total params";
    private static final String TRAINABLE = "Trainable params";
    private static final String NON_TRAINABLE = "Non-trainable params";
    private static final String OPTIMIZER = "Optimizer params";
    /** The totals lines, in the order of {@link #totals}. */
    private static final List<String> TOTALS_LABELS = List.of(TOTAL, TRAINABLE, NON_TRAINABLE, OPTIMIZER);
    /** What Keras 2 draws above and below the layers of an expanded nested model (U+00AF). */
    private static final char OVERLINE = '\u00AF';
    /** What Keras 3 prints before the name of a layer of an expanded nested model. */
    private static final String NESTED_MARK = "\u2514";

    /** What a line of a summary is, before knowing where it stands. */
    private enum LineKind {
        BLANK, MODEL_NAME, HEADER, TOTALS,
        /** {@code ____} between Keras 2 rows and around the table. */
        THIN_RULE,
        /** {@code ====} under the Keras 2 header and after the rows. */
        THICK_RULE,
        /** Keras 3 borders: ┏━┳┓ above the header, ┡━╇┩ below it, ├─┼┤ between rows, └─┴┘ below. */
        BOX_TOP, BOX_HEADER_RULE, BOX_ROW_RULE, BOX_BOTTOM,
        /** Anything else: a row of the table, or an error elsewhere. */
        TEXT;

        static LineKind of(String line) {
            String t = line.strip();
            if (t.isEmpty()) {
                return BLANK;
            }
            if (t.startsWith("Model:")) {
                return MODEL_NAME;
            }
            if (t.startsWith(TableColumns.LAYER) || t.startsWith("┃")) {
                return HEADER;
            }
            if (totalsLabel(t) != null) {
                return TOTALS;
            }
            // The page's Keras 2.2 summary starts with a shorter rule: judge rules by their characters only.
            if (t.chars().allMatch(c -> c == '_')) {
                return THIN_RULE;
            }
            if (t.chars().allMatch(c -> c == '=')) {
                return THICK_RULE;
            }
            return switch (t.charAt(0)) {
                case '┏' -> BOX_TOP;
                case '┡' -> BOX_HEADER_RULE;
                case '├' -> BOX_ROW_RULE;
                case '└' -> BOX_BOTTOM;
                default -> TEXT;
            };
        }
    }

    /** Where the reader stands in the summary. */
    private enum Stage { BEFORE_TABLE, AFTER_HEADER, ROWS, AFTER_TABLE }

    private final String source;
    private Stage stage = Stage.BEFORE_TABLE;
    private String modelName;
    private TableColumns columns;
    private final List<SummaryRow> rows = new ArrayList<>();
    private RowLines openRow;
    /** The printed totals by {@link #TOTALS_LABELS}; null until read. */
    private final Long[] totals = new Long[TOTALS_LABELS.size()];
    private boolean sizesPrinted;
    /** Keras 2's expanded nested models: how many {@code |} frames the reader is inside. */
    private int frameDepth;
    /** The name of the last row read at each depth: the nested model that a deeper row belongs to. */
    private final List<String> lastNameAtDepth = new ArrayList<>();

    private KerasSummaryParser(String source) {
        this.source = source;
    }

    /** Reads the summary in a UTF-8 text file; messages name the file as given. */
    public static KerasSummary parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read Keras summary " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Reads a summary from its text.
     *
     * @param sourceName names the text in messages, e.g. its file name
     * @throws SummaryFormatException when a line cannot be read or the counts do not add up
     */
    public static KerasSummary parse(String text, String sourceName) {
        return new KerasSummaryParser(sourceName).read(text);
    }

    private KerasSummary read(String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = ANSI_ESCAPE.matcher(lines.get(i)).replaceAll("").stripTrailing();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            readLine(i + 1, line);
        }
        closeRow();
        return finish();
    }

    private void readLine(int number, String line) {
        LineKind kind = LineKind.of(line);
        switch (stage) {
            case BEFORE_TABLE -> {
                if (kind == LineKind.MODEL_NAME && modelName == null) {
                    modelName = modelName(number, line);
                } else if (kind == LineKind.HEADER) {
                    columns = line.strip().startsWith("┃")
                            ? TableColumns.ofBoxHeader(line) : TableColumns.ofTextHeader(line);
                    if (columns == null) {
                        throw lineError(number, "cannot read this header", line);
                    }
                    stage = Stage.AFTER_HEADER;
                } else if (kind != LineKind.BLANK && kind != LineKind.THIN_RULE && kind != LineKind.BOX_TOP) {
                    throw lineError(number, "cannot read this line before the table", line);
                }
            }
            case AFTER_HEADER -> {
                if (kind != (columns.boxDrawn() ? LineKind.BOX_HEADER_RULE : LineKind.THICK_RULE)) {
                    throw lineError(number, "expected the rule under the header, not this line", line);
                }
                stage = Stage.ROWS;
            }
            case ROWS -> {
                if (!columns.boxDrawn()) {
                    line = unframe(number, line);
                    if (line == null) {
                        return;
                    }
                    kind = LineKind.of(line);
                }
                switch (kind) {
                    // Keras 2 up to 2.5 separates rows with ____, tf.keras 2.6+ with a blank line.
                    case BLANK, THIN_RULE, BOX_ROW_RULE -> closeRow();
                    case THICK_RULE, BOX_BOTTOM -> {
                        closeRow();
                        stage = Stage.AFTER_TABLE;
                    }
                    case TEXT -> rowLine(number, line);
                    default -> throw lineError(number, "cannot read this row", line);
                }
            }
            case AFTER_TABLE -> {
                if (kind == LineKind.TOTALS) {
                    readTotal(number, line);
                } else if (kind != LineKind.BLANK && kind != LineKind.THIN_RULE) {
                    throw lineError(number, "cannot read this line after the table", line);
                }
            }
        }
    }

    /**
     * Keras 2's frames around the layers of an expanded nested model: a rule of {@code ¯} between n
     * {@code |} on each side opens the n-th frame (after the nested model's own row) or, with one
     * {@code |} fewer than the frames open, closes the innermost; a line inside n frames loses its
     * n {@code |} on each side (the columns keep their places). Returns the line to read, or null
     * when the line was a frame rule.
     */
    private String unframe(int number, String line) {
        String t = line.strip();
        int bars = 0;
        while (bars < t.length() && t.charAt(bars) == '|') {
            bars++;
        }
        String inner = t.substring(bars);
        if (!inner.isEmpty() && inner.charAt(0) == OVERLINE) {
            int end = inner.length();
            while (end > 0 && inner.charAt(end - 1) == '|') {
                end--;
            }
            boolean rule = inner.substring(0, end).chars().allMatch(c -> c == OVERLINE) && inner.length() - end == bars;
            if (!rule) {
                throw lineError(number, "cannot read this row", line);
            }
            closeRow();
            if (bars == frameDepth + 1) {
                if (lastNameAtDepth.size() <= frameDepth) {
                    throw lineError(number, "a nested model's layers without the nested model's row", line);
                }
                frameDepth++;
            } else if (bars == frameDepth - 1) {
                frameDepth--;
            } else {
                throw lineError(number, "cannot read this rule inside " + frameDepth + " nested model(s)", line);
            }
            return null;
        }
        if (frameDepth == 0) {
            return line;
        }
        String frame = "|".repeat(frameDepth);
        if (!line.startsWith(frame) || !line.endsWith(frame) || line.length() < 2 * frameDepth) {
            throw lineError(number, "expected a row inside " + frameDepth + " nested model frame(s)", line);
        }
        // Keras 2 prints the frame's bars where the first column's padding would be: keep the columns' places.
        return (" ".repeat(frameDepth) + line.substring(frameDepth, line.length() - frameDepth)).stripTrailing();
    }

    /** {@code Model: "sequential"} (Keras 2.3+, 3); older Keras printed no name. */
    private String modelName(int number, String line) {
        String name = line.strip().substring("Model:".length()).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw lineError(number, "cannot read the model name", line);
        }
        return name;
    }

    /**
     * A line inside the table. A line with a {@code Param #} starts a row; a line without one
     * continues the open row: a name, shape or inbound list that Keras wrapped onto more lines.
     */
    private void rowLine(int number, String line) {
        List<String> cells = columns.cells(line);
        if (cells == null) {
            throw lineError(number, "cannot read this row", line);
        }
        String params = cells.get(columns.indexOf(TableColumns.PARAMS));
        if (params.isEmpty()) {
            if (openRow == null) {
                throw lineError(number, "cannot read this row", line, "no Param # and no row above to continue");
            }
            openRow.add(cells);
            return;
        }
        closeRow();
        try {
            openRow = new RowLines(number, line, CellText.count(params), columns.columnCount(),
                    columns.boxDrawn() ? -1 : frameDepth, columns.firstCellIndent(line));
        } catch (IllegalArgumentException e) {
            throw lineError(number, "cannot read this row", line, e.getMessage());
        }
        openRow.add(cells);
    }

    private void closeRow() {
        if (openRow == null) {
            return;
        }
        RowLines row = openRow;
        openRow = null;
        SummaryRow read;
        try {
            read = row.toRow(columns);
        } catch (IllegalArgumentException e) {
            throw lineError(row.lineNumber, "cannot read this row", row.firstLine, e.getMessage());
        }
        int depth = read.depth();
        if (depth > lastNameAtDepth.size()) {
            throw lineError(row.lineNumber, "cannot read this row", row.firstLine,
                    "a layer of a nested model without the nested model's row");
        }
        String nestedIn = depth == 0 ? null : lastNameAtDepth.get(depth - 1);
        lastNameAtDepth.subList(depth, lastNameAtDepth.size()).clear();
        lastNameAtDepth.add(read.name());
        rows.add(new SummaryRow(read.lineNumber(), read.name(), read.className(), read.classNameCut(),
                read.outputShapes(), read.params(), read.connectedTo(), depth, nestedIn));
    }

    /** {@code Total params: 62,380,776}, {@code Total params: 62380776 (237.96 MB)} and the like. */
    private void readTotal(int number, String line) {
        String t = line.strip();
        String label = totalsLabel(t);
        String[] valueAndSize = t.substring(label.length() + 1).strip().split(" ", 2);
        String size = valueAndSize.length > 1 ? valueAndSize[1].strip() : "";
        int slot = TOTALS_LABELS.indexOf(label);
        if (totals[slot] != null) {
            throw lineError(number, "a second \"" + label + ":\" line", line);
        }
        if (!size.isEmpty() && !(size.startsWith("(") && size.endsWith(")"))) {
            throw lineError(number, "cannot read this line", line);
        }
        try {
            totals[slot] = CellText.count(valueAndSize[0]);
        } catch (IllegalArgumentException e) {
            throw lineError(number, "cannot read this line", line, e.getMessage());
        }
        sizesPrinted |= !size.isEmpty();
    }

    private static String totalsLabel(String strippedLine) {
        for (String label : TOTALS_LABELS) {
            if (strippedLine.startsWith(label + ":")) {
                return label;
            }
        }
        return null;
    }

    private KerasSummary finish() {
        if (stage != Stage.AFTER_TABLE) {
            throw new SummaryFormatException(source + ": " + (stage == Stage.BEFORE_TABLE
                    ? "no summary table (no \"" + TableColumns.LAYER + "\" header)"
                    : "the summary table does not end"));
        }
        long total = required(TOTAL);
        long trainable = required(TRAINABLE);
        long nonTrainable = required(NON_TRAINABLE);
        Long printedOptimizer = totals[TOTALS_LABELS.indexOf(OPTIMIZER)];
        OptionalLong optimizer = printedOptimizer == null ? OptionalLong.empty() : OptionalLong.of(printedOptimizer);

        if (frameDepth != 0) {
            throw new SummaryFormatException(source + ": the frame of a nested model's layers does not end");
        }
        // Keras 3 counts optimizer variables in "Total params" (keras/src/utils/summary_utils.py). Counts
        // that do not add up are kept as printed: KerasSummary.inconsistencies() reports them.
        SummaryLayout layout = columns.boxDrawn() ? SummaryLayout.KERAS3
                : sizesPrinted ? SummaryLayout.KERAS2_13 : SummaryLayout.KERAS2;
        return new KerasSummary(modelName, layout, rows, total, trainable, nonTrainable, optimizer);
    }

    private long required(String label) {
        int slot = TOTALS_LABELS.indexOf(label);
        if (totals[slot] == null) {
            throw new SummaryFormatException(source + ": no \"" + label + ":\" line after the table");
        }
        return totals[slot];
    }

    private SummaryFormatException lineError(int number, String what, String line) {
        return lineError(number, what, line, null);
    }

    private SummaryFormatException lineError(int number, String what, String line, String why) {
        // Runs of column padding are shown as one space so that the message stays one short line.
        String shown = line.strip().replaceAll("\\s+", " ");
        return new SummaryFormatException(source + ":" + number + ": " + what + ": \"" + shown + "\""
                + (why == null ? "" : " (" + why + ")"));
    }

    /** The lines of one row as they are read: each column's pieces, joined when the row ends. */
    private static final class RowLines {
        final int lineNumber;
        final String firstLine;
        final long params;
        final List<List<String>> pieces = new ArrayList<>();
        /** Keras 2: the frames around the row; -1 for Keras 3, which marks nested rows with └. */
        final int frameDepth;
        /** Keras 3: the indentation of the first line's name cell. */
        final int indent;

        RowLines(int lineNumber, String firstLine, long params, int columnCount, int frameDepth, int indent) {
            this.lineNumber = lineNumber;
            this.firstLine = firstLine;
            this.params = params;
            this.frameDepth = frameDepth;
            this.indent = indent;
            for (int i = 0; i < columnCount; i++) {
                pieces.add(new ArrayList<>());
            }
        }

        void add(List<String> cells) {
            for (int i = 0; i < cells.size(); i++) {
                if (!cells.get(i).isEmpty()) {
                    pieces.get(i).add(cells.get(i));
                }
            }
        }

        /** The row as read, at its depth; {@code nestedIn} is left for the parser to fill in. */
        SummaryRow toRow(TableColumns columns) {
            String nameCell = columns.join(pieces.get(columns.indexOf(TableColumns.LAYER)));
            int depth = Math.max(frameDepth, 0);
            if (frameDepth < 0 && nameCell.startsWith(NESTED_MARK)) {
                // Keras 3: "   " per level, then "└ " (keras/src/utils/summary_utils.py, print_layer).
                depth = Math.max(1, (indent + 1) / 3);
                nameCell = nameCell.substring(NESTED_MARK.length()).strip();
            }
            CellText.LayerName name = CellText.layerName(nameCell);
            List<Shape> shapes = CellText.outputShapes(
                    columns.join(pieces.get(columns.indexOf(TableColumns.OUTPUT_SHAPE))));
            int connected = columns.indexOf(TableColumns.CONNECTED_TO);
            List<String> inbound = connected < 0 ? List.of() : CellText.connections(pieces.get(connected), columns);
            return new SummaryRow(lineNumber, name.name(), name.className(), name.classNameCut(),
                    shapes, params, inbound, depth, depth == 0 ? null : "?");
        }
    }
}
