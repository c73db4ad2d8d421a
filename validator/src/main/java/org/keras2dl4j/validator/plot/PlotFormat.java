package org.keras2dl4j.validator.plot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The files a plot can be written as, told by the file name's extension: DOT text, which needs
 * nothing else, or an SVG or PNG picture, which Graphviz's {@code dot} draws from the DOT text.
 */
public enum PlotFormat {
    DOT("dot"),
    SVG("svg"),
    PNG("png");

    private final String extension;

    PlotFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension without its dot, which is also the name of Graphviz's output format. */
    public String extension() {
        return extension;
    }

    /** Whether writing this format runs Graphviz. */
    public boolean needsGraphviz() {
        return this != DOT;
    }

    /** The format a file name asks for ({@code model.svg}: SVG; upper case is fine), if it is one of these. */
    public static Optional<PlotFormat> forFile(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        for (PlotFormat format : values()) {
            if (lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
