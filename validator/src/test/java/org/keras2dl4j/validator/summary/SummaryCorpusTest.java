package org.keras2dl4j.validator.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every real summary of the shared Keras corpus must parse and add up. */
class SummaryCorpusTest {

    @TestFactory
    Stream<DynamicTest> readsEveryRealSummaryOfTheCorpus() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(summariesFolder())) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no summaries in " + summariesFolder());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            KerasSummary summary = KerasSummaryParser.parse(file);

            assertFalse(summary.rows().isEmpty());
            assertEquals(summary.totalParams(), summary.trainableParams() + summary.nonTrainableParams()
                    + summary.optimizerParams().orElse(0));
            assertEquals(summary.modelParams(), summary.rows().stream().mapToLong(SummaryRow::params).sum());
        }));
    }

    @TestFactory
    Stream<DynamicTest> readsTheSummariesTheTestsCopiedUnchanged() {
        return Stream.of("keras3-Moonflower2022__mnist_model.h5.summary.txt",
                        "keras3-Moonflower2022__mnist_model.h5.summary.ansi.txt",
                        "tfkeras215-NIKHILnitr__cifar10_model.h5.summary.txt")
                .map(name -> DynamicTest.dynamicTest(name, () -> assertEquals(
                        KerasSummaryParser.parse(summariesFolder().resolve(name)).rows(),
                        SummaryParserTest.parse(name).rows())));
    }

    private static Path summariesFolder() {
        String corpus = System.getProperty("keras2dl4j.corpus");
        if (corpus == null) {
            fail("system property keras2dl4j.corpus is not set: it should name the shared Keras corpus,"
                    + " ../shared/keras-corpus beside the checkout (the parent pom's surefire sets it)");
        }
        Path folder = Path.of(corpus, "summaries");
        assertTrue(Files.isDirectory(folder), "the Keras corpus summaries are expected in " + folder.toAbsolutePath());
        return folder;
    }
}
