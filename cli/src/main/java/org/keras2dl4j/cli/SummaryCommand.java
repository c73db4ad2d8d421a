package org.keras2dl4j.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.report.SummaryReport;

/** {@code summary MODEL [-w WEIGHTS] [--format text|json]}: the converted network, the Keras way. */
final class SummaryCommand implements Command {
    private static final Option FORMAT = Option.builder().longOpt("format").hasArg().argName("FORMAT")
            .desc("text (default, as Keras prints it) or json").build();

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "print the layers, output shapes and parameter counts of the network MODEL converts to";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(FORMAT).addOption(ModelRun.INPUT_SHAPE);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        String format = Arguments.choice(line, FORMAT, "text", "text", "json");
        NetworkSummary summary = KerasModels.summary(Arguments.model(line), Arguments.weights(line),
                ModelRun.inputShapes(line));
        ReadingStatus.finishedReading();
        out.print(format.equals("json") ? SummaryReport.json(summary) : SummaryReport.text(summary));
        return ExitCode.OK;
    }
}
