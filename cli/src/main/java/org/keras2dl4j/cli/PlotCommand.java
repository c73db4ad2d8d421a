package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.KerasModelFile;
import org.keras2dl4j.io.ModelFormat;
import org.keras2dl4j.keras.ModelInference;
import org.keras2dl4j.validator.plot.DotWriter;
import org.keras2dl4j.validator.plot.Graphviz;
import org.keras2dl4j.validator.plot.ModelGraph;
import org.keras2dl4j.validator.plot.PlotFormat;

/**
 * {@code plot MODEL [-w WEIGHTS] -o FILE}: the picture Keras's {@code plot_model(model, show_shapes=True)}
 * draws, as DOT text ({@code .dot}) or, through Graphviz's {@code dot}, as {@code .svg} or {@code .png}.
 */
final class PlotCommand implements Command {
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("FILE")
            .desc("the plot to write: FILE.dot (DOT text), FILE.svg or FILE.png (these need Graphviz's dot)")
            .build();

    private final Graphviz graphviz;

    PlotCommand() {
        this(new Graphviz());
    }

    PlotCommand(Graphviz graphviz) {
        this.graphviz = graphviz;
    }

    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String arguments() {
        return "MODEL";
    }

    @Override
    public String description() {
        return "draw MODEL's layers with their shapes, as Keras's plot_model(show_shapes=True) does";
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
        PlotFormat format = PlotFormat.forFile(target).orElseThrow(() -> new UsageException(
                "-o FILE must end in .dot, .svg or .png, not '" + target.getFileName() + "'"));
        if (ModelFormat.of(model) == ModelFormat.ZIP) {
            throw new UnsupportedFeatureException(model.getFileName() + ": is a zip archive (a DL4J network or a "
                    + "Keras 3 .keras); plot draws Keras .h5 and model JSON files: give the one the model came from");
        }
        ModelGraph graph;
        try (KerasModelFile file = KerasFiles.open(model, weights)) {
            graph = ModelGraph.of(ModelInference.infer(file.config()));
        }
        ReadingStatus.finishedReading();
        graphviz.render(DotWriter.dot(graph), format, target);
        out.println("Wrote " + target + ": " + graph.nodes().size() + " layers, " + graph.edges().size()
                + " connections");
        return ExitCode.OK;
    }
}
