package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.validator.Comparison;
import org.keras2dl4j.validator.JUnitReport;
import org.keras2dl4j.validator.KerasValidation;
import org.keras2dl4j.validator.ValidationReport;

/**
 * {@code validate MODEL [-w WEIGHTS] [--summary S] [--expect-params N] [--format text|json]
 * [--junit REPORT.xml] [--fast]}: exit 0 when everything matches, 1 naming every difference once.
 * The summary's rows are aligned with the model's layers as a sequence diff (an InputLayer row is
 * optional on either side, a nested model's row stands for its flattened layers, names Keras cut
 * match as prefixes); a summary whose rows do not add up to its totals is still compared, with a note.
 * Exit 3 when the model or the summary cannot be read.
 */
final class ValidateCommand implements Command {
    private static final Option SUMMARY = Option.builder().longOpt("summary").hasArg().argName("KERAS_SUMMARY.txt")
            .desc("a model.summary() as Keras printed it (Keras 2, 2.13+ or 3 layout)").build();
    private static final Option EXPECT_PARAMS = Option.builder().longOpt("expect-params").hasArg().argName("N")
            .desc("the expected total number of parameters (trainable + non-trainable)").build();
    private static final Option FORMAT = Option.builder().longOpt("format").hasArg().argName("FORMAT")
            .desc("report format: text (default) or json").build();
    private static final Option JUNIT = Option.builder().longOpt("junit").hasArg().argName("REPORT.xml")
            .desc("also write a JUnit XML report (one test case per aligned row and per total)").build();
    private static final Option FAST = Option.builder().longOpt("fast")
            .desc("check the Keras file only (config and weight shapes): no DL4J network, no ND4J").build();

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "check MODEL's layer shapes and parameter counts against a Keras summary or a count";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(SUMMARY).addOption(EXPECT_PARAMS)
                .addOption(FORMAT).addOption(JUNIT).addOption(FAST).addOption(ModelRun.INPUT_SHAPE);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        KerasValidation validation = KerasValidation.of(Arguments.model(line));
        Path weights = Arguments.weights(line);
        if (weights != null) {
            validation = validation.weights(weights);
        }
        validation = validation.inputShapes(ModelRun.inputShapes(line));
        String format = Arguments.choice(line, FORMAT, "text", "text", "json");
        Path junit = line.hasOption(JUNIT.getLongOpt()) ? Arguments.output(line, JUNIT) : null;
        if (line.hasOption(SUMMARY.getLongOpt())) {
            validation = validation.against(Arguments.existing(line.getOptionValue(SUMMARY.getLongOpt()),
                    "KERAS_SUMMARY"));
        }
        if (line.hasOption(EXPECT_PARAMS.getLongOpt())) {
            long n = Arguments.longValue(line, EXPECT_PARAMS, -1);
            if (n < 0) {
                throw new UsageException("--expect-params must be a whole number of at least 0");
            }
            validation = validation.expectParams(n);
        }
        if (line.hasOption(FAST.getLongOpt())) {
            if (!line.hasOption(SUMMARY.getLongOpt()) && !line.hasOption(EXPECT_PARAMS.getLongOpt())) {
                throw new UsageException("--fast needs --summary or --expect-params to compare with");
            }
            validation = validation.fast();
        }
        Comparison comparison = validation.validate();
        out.print(format.equals("json") ? ValidationReport.json(comparison) : ValidationReport.text(comparison));
        if (junit != null) {
            JUnitReport.write(comparison, junit);
        }
        return comparison.matches() ? ExitCode.OK : ExitCode.MISMATCH;
    }
}
