package org.keras2dl4j.validator.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlotFormatTest {
    @Test
    void formatComesFromTheExtensionInAnyCase() {
        assertEquals(Optional.of(PlotFormat.DOT), PlotFormat.forFile(Path.of("out/model.dot")));
        assertEquals(Optional.of(PlotFormat.SVG), PlotFormat.forFile(Path.of("model.SVG")));
        assertEquals(Optional.of(PlotFormat.PNG), PlotFormat.forFile(Path.of("model.png")));
    }

    @Test
    void otherExtensionsAreNoFormat() {
        assertEquals(Optional.empty(), PlotFormat.forFile(Path.of("model.jpg")));
        assertEquals(Optional.empty(), PlotFormat.forFile(Path.of("model")));
        assertEquals(Optional.empty(), PlotFormat.forFile(Path.of("svg")));
        assertEquals(Optional.empty(), PlotFormat.forFile(Path.of("/")));
    }

    @Test
    void onlyPicturesNeedGraphviz() {
        assertFalse(PlotFormat.DOT.needsGraphviz());
        assertTrue(PlotFormat.SVG.needsGraphviz());
        assertTrue(PlotFormat.PNG.needsGraphviz());
    }
}
