package org.keras2dl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The main job end to end on the full-size AlexNet: the Java writer's 238 MiB Keras .h5 is
 * converted with its weights and checked against the page's own summary.
 */
class MainJobTest {

    @Test
    void convertsTheFullSizeAlexNetAndMatchesThePagesSummary() {
        CliRun run = CliRun.of();
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("Total params: 62,380,776\nTrainable params: 62,379,560\n"
                + "Non-trainable params: 1,216\n"), run.out());
        assertTrue(run.out().matches("(?s).*batch_normalization_1 \\(BatchNormalization\\) +\\(None, 56, 56, 96\\) +384 .*"),
                run.out());
        assertTrue(run.out().contains("Verdict: OK. All 17 layers"), run.out());
        assertEquals(17, run.out().lines().filter(l -> l.endsWith(" ok")).count(), run.out());
    }
}
