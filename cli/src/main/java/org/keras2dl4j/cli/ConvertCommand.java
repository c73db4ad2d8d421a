package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.ConvertedModel;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.report.KerasTable;

/** {@code convert MODEL [-w WEIGHTS] -o OUT.zip}: write the DL4J network with its weights. */
final class ConvertCommand implements Command {
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("OUT.zip")
            .desc("the DL4J network to write (ModelSerializer format)").build();

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "convert MODEL to a DL4J network zip that ModelSerializer and ComputationGraph.load read";
    }

    @Override
    public Options options() {
        return new Options().addOption(Arguments.WEIGHTS).addOption(OUTPUT);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        Path model = Arguments.model(line);
        Path weights = Arguments.weights(line);
        Path target = Arguments.output(line, OUTPUT);
        ConvertedModel converted = KerasModels.load(model, weights);
        converted.save(target);
        out.println("Wrote " + target + ": " + (converted.isGraph() ? "ComputationGraph" : "MultiLayerNetwork")
                + ", " + converted.info().layers().size() + " layers, "
                + KerasTable.count(converted.summary().totalParams()) + " params");
        return ExitCode.OK;
    }
}
