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
 * trailing spaces. Each line is classified, then read by what the table expects at that point; a
 * line it cannot place is an error that quotes it. After reading, the totals must be present and
 * add up, and the rows' counts must add up to the model's trainable plus non-trainable parameters.
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
            openRow = new RowLines(number, line, CellText.count(params), columns.columnCount());
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
        try {
            rows.add(row.toRow(columns));
        } catch (IllegalArgumentException e) {
            throw lineError(row.lineNumber, "cannot read this row", row.firstLine, e.getMessage());
        }
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

        // Keras 3 counts optimizer variables in "Total params" (keras/src/utils/summary_utils.py).
        long parts = trainable + nonTrainable + optimizer.orElse(0);
        if (total != parts) {
            throw new SummaryFormatException(source + ": Total params is " + total + " but "
                    + (optimizer.isPresent() ? "trainable + non-trainable + optimizer" : "trainable + non-trainable")
                    + " params are " + parts);
        }
        long rowSum = rows.stream().mapToLong(SummaryRow::params).sum();
        if (rowSum != trainable + nonTrainable) {
            throw new SummaryFormatException(source + ": the rows' Param # add up to " + rowSum
                    + ", expected " + (trainable + nonTrainable) + " (trainable + non-trainable params)");
        }
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

        RowLines(int lineNumber, String firstLine, long params, int columnCount) {
            this.lineNumber = lineNumber;
            this.firstLine = firstLine;
            this.params = params;
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

        SummaryRow toRow(TableColumns columns) {
            CellText.LayerName name = CellText.layerName(
                    columns.join(pieces.get(columns.indexOf(TableColumns.LAYER))));
            List<Shape> shapes = CellText.outputShapes(
                    columns.join(pieces.get(columns.indexOf(TableColumns.OUTPUT_SHAPE))));
            int connected = columns.indexOf(TableColumns.CONNECTED_TO);
            List<String> inbound = connected < 0 ? List.of() : CellText.connections(pieces.get(connected), columns);
            return new SummaryRow(lineNumber, name.name(), name.className(), name.classNameCut(),
                    shapes, params, inbound);
        }
    }
}
