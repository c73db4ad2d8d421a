package org.keras2dl4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real-Keras compatibility corpus ({@code shared/keras-corpus} beside the checkout). */
public final class Corpus {
    private Corpus() {
    }

    /** The corpus file at {@code relative}; fails (never skips) when the corpus is not there. */
    public static Path file(String relative) {
        String dir = System.getProperty("keras2dl4j.corpus");
        if (dir == null) {
            fail("system property keras2dl4j.corpus is not set; run the tests through Maven");
        }
        Path path = Path.of(dir).resolve(relative);
        if (!Files.isRegularFile(path)) {
            fail("corpus file missing: " + path + " (the corpus is expected at ../shared/keras-corpus beside the "
                    + "checkout; set -Dkeras2dl4j.corpus=DIR to point elsewhere)");
        }
        return path;
    }
}
