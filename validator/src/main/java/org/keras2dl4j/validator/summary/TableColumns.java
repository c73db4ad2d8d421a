package org.keras2dl4j.validator.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The columns of one summary table, learnt from its header line, and how to cut a row line into
 * cells. Keras 1 and 2 pad each column to a fixed position, the position where the header printed
 * the column's title; Keras 3 draws {@code │} between cells.
 */
final class TableColumns {

    static final String LAYER = "Layer (type)";
    static final String OUTPUT_SHAPE = "Output Shape";
    static final String PARAMS = "Param #";
    static final String CONNECTED_TO = "Connected to";
    /** Printed by {@code summary(show_trainable=True)}; read but not kept. */
    static final String TRAINABLE = "Trainable";

    private static final List<String> TITLES =
            List.of(LAYER, OUTPUT_SHAPE, PARAMS, CONNECTED_TO, TRAINABLE);

    private final boolean boxDrawn;
    private final List<String> titles;
    /** Where each column starts in a text-layout line; unused for box-drawn tables. */
    private final int[] starts;

    private TableColumns(boolean boxDrawn, List<String> titles, int[] starts) {
        this.boxDrawn = boxDrawn;
        this.titles = titles;
        this.starts = starts;
    }

    /** The columns of a Keras 1/2 header line, or null when the line is not such a header. */
    static TableColumns ofTextHeader(String line) {
        record Title(String text, int start) {}
        List<Title> found = new ArrayList<>();
        StringBuilder rest = new StringBuilder(line);
        for (String title : TITLES) {
            int at = line.indexOf(title);
            if (at >= 0) {
                found.add(new Title(title, at));
                rest.replace(at, at + title.length(), " ".repeat(title.length()));
            }
        }
        found.sort(Comparator.comparingInt(Title::start));
        List<String> titles = found.stream().map(Title::text).toList();
        if (!rest.toString().isBlank() || !hasRequiredTitles(titles)) {
            return null;
        }
        // The first title is indented by one space from tf.keras 2.6 on; its column starts at 0.
        int[] starts = found.stream().mapToInt(Title::start).toArray();
        starts[0] = 0;
        return new TableColumns(false, titles, starts);
    }

    /** The columns of a Keras 3 header line ({@code ┃ Layer (type) ┃ ... ┃}), or null. */
    static TableColumns ofBoxHeader(String line) {
        List<String> titles = splitBoxCells(line, '┃');
        if (titles == null || !TITLES.containsAll(titles) || !hasRequiredTitles(titles)) {
            return null;
        }
        return new TableColumns(true, titles, new int[0]);
    }

    private static boolean hasRequiredTitles(List<String> titles) {
        return titles.size() >= 3 && titles.get(0).equals(LAYER)
                && titles.contains(OUTPUT_SHAPE) && titles.contains(PARAMS);
    }

    boolean boxDrawn() {
        return boxDrawn;
    }

    int columnCount() {
        return titles.size();
    }

    /** The index of the column with this title, or -1 when the table has no such column. */
    int indexOf(String title) {
        return titles.indexOf(title);
    }

    /** The trimmed cells of a row line, or null when the line does not have this table's cells. */
    List<String> cells(String line) {
        if (boxDrawn) {
            List<String> cells = splitBoxCells(line, '│');
            return cells != null && cells.size() == titles.size() ? cells : null;
        }
        List<String> cells = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            int from = Math.min(starts[i], line.length());
            int to = i + 1 < starts.length ? Math.min(starts[i + 1], line.length()) : line.length();
            cells.add(line.substring(from, to).strip());
        }
        return cells;
    }

    /**
     * How far the first cell's text of a Keras 3 row line is indented beyond rich's one space of
     * padding: Keras 3 indents the layers of an expanded nested model by three spaces per level
     * ({@code "   └ name"}). 0 for text layouts.
     */
    int firstCellIndent(String line) {
        if (!boxDrawn) {
            return 0;
        }
        String t = line.strip();
        int at = 1;
        while (at < t.length() && t.charAt(at) == ' ') {
            at++;
        }
        return Math.max(0, at - 2);
    }

    /**
     * Joins the pieces of a cell that Keras wrapped over several lines. Keras 3 (rich) wraps at
     * spaces and drops the space; tf.keras 2.6+ cuts the text at the column width, anywhere.
     */
    String join(List<String> pieces) {
        return String.join(boxDrawn ? " " : "", pieces);
    }

    private static List<String> splitBoxCells(String line, char bar) {
        String t = line.strip();
        if (t.length() < 2 || t.charAt(0) != bar || t.charAt(t.length() - 1) != bar) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        for (String cell : t.substring(1, t.length() - 1).split(String.valueOf(bar), -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
