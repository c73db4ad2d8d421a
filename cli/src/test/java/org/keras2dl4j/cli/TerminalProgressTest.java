package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.keras2dl4j.Progress;

class TerminalProgressTest {

    @Test
    void isSilentWhenNotOnATerminal() {
        // Surefire runs tests without a console, as CI and pipes run the tool.
        assertSame(Progress.NONE, TerminalProgress.forConsole());
    }
}
