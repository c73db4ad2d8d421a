package org.keras2dl4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a committed Markdown document, between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->}: reports that several tests write into one document
 * (docs/compatibility.md: the corpus and the Keras Applications) each replace their own section only.
 */
final class DocSection {
    private DocSection() {
    }

    /** The committed docs/compatibility.md, from the cli module's directory. */
    static Path compatibilityDoc() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("docs/compatibility.md");
    }

    /** Replaces section {@code name} of {@code doc} with {@code content} (appending it if the document has none). */
    static void replace(Path doc, String name, String content) throws IOException {
        String begin = "<!-- " + name + ":begin (generated; edit outside the markers) -->\n";
        String end = "<!-- " + name + ":end -->\n";
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        int from = text.indexOf("<!-- " + name + ":begin");
        int to = text.indexOf(end);
        String section = begin + content + (content.endsWith("\n") ? "" : "\n") + end;
        if (from < 0 || to < from) {
            text = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + section;
        } else {
            text = text.substring(0, from) + section + text.substring(to + end.length());
        }
        Files.writeString(doc, text, StandardCharsets.UTF_8);
    }
}
