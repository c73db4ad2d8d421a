package org.keras2dl4j.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table in the text layout of Keras 2's {@code model.summary()}: a rule of underscores, the
 * header, a rule of {@code =}, rows separated by rules of underscores, a closing rule of {@code =}.
 * Unlike Keras, columns widen to fit their content instead of cutting class names.
 */
public final class KerasTable {
    /** Keras 2's column widths for its 65-character summary line: 29, 26 and 10 characters. */
    private static final int[] KERAS_SUMMARY_WIDTHS = {29, 26, 10};

    private final List<String> headers;
    private final int[] minWidths;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose columns are as wide as their content. */
    public KerasTable(List<String> headers) {
        this(headers, new int[headers.size()]);
    }

    private KerasTable(List<String> headers, int[] minWidths) {
        this.headers = List.copyOf(headers);
        this.minWidths = minWidths.clone();
    }

    /** Keras's own summary table: Layer (type), Output Shape, Param #, at Keras 2's widths or wider. */
    public static KerasTable summary() {
        return new KerasTable(List.of("Layer (type)", "Output Shape", "Param #"), KERAS_SUMMARY_WIDTHS);
    }

    /** Keras's summary table with extra columns after the three of {@link #summary()}. */
    public static KerasTable summaryWith(String... extraHeaders) {
        List<String> headers = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        headers.addAll(List.of(extraHeaders));
        return new KerasTable(headers, java.util.Arrays.copyOf(KERAS_SUMMARY_WIDTHS, headers.size()));
    }

    public KerasTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** The table, each line ending in a newline, without the totals Keras prints after it. */
    public String render() {
        int[] widths = widths();
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        String thin = "_".repeat(total) + "\n";
        String thick = "=".repeat(total) + "\n";
        StringBuilder sb = new StringBuilder(thin);
        sb.append(line(headers, widths)).append(thick);
        for (int r = 0; r < rows.size(); r++) {
            sb.append(line(rows.get(r), widths));
            sb.append(r == rows.size() - 1 ? thick : thin);
        }
        if (rows.isEmpty()) {
            sb.append(thick);
        }
        return sb.toString();
    }

    /** The rule of underscores Keras prints after the totals, as wide as the table. */
    public String closingRule() {
        int total = 0;
        for (int w : widths()) {
            total += w;
        }
        return "_".repeat(total) + "\n";
    }

    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(minWidths[i], headers.get(i).length() + 2);
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length() + 2);
            }
        }
        return widths;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            sb.append(cell).append(" ".repeat(widths[i] - cell.length()));
        }
        return sb.toString().stripTrailing() + "\n";
    }

    /** A count with thousands separators, as Keras prints totals: {@code 62,380,776}. */
    public static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
