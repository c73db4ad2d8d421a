package org.keras2dl4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.keras2dl4j.fixtures.AlexNetFixture;

/** {@code fixture alexnet -o OUT.h5 [--seed N]}: the page's AlexNet as a Keras 2 .h5, seeded weights. */
final class FixtureCommand implements Command {
    private static final Option OUTPUT = Option.builder("o").longOpt("output").hasArg().argName("OUT.h5")
            .desc("the Keras .h5 to write").build();
    private static final Option SEED = Option.builder().longOpt("seed").hasArg().argName("N")
            .desc("seed of the weights (default " + AlexNetFixture.DEFAULT_SEED + ")").build();

    @Override
    public String name() {
        return "fixture";
    }

    @Override
    public String arguments() {
        return "alexnet";
    }

    @Override
    public String description() {
        return "write the page's AlexNet as a Keras 2 full-model .h5 with seeded weights (238 MiB)";
    }

    @Override
    public Options options() {
        return new Options().addOption(OUTPUT).addOption(SEED);
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageException {
        String which = Arguments.single(line, "the fixture name (alexnet)");
        if (!which.equals("alexnet")) {
            throw new UsageException("unknown fixture '" + which + "'; the only fixture is 'alexnet'");
        }
        Path target = Arguments.outputPath(Arguments.required(line, OUTPUT), OUTPUT, java.util.List.of());
        long seed = Arguments.longValue(line, SEED, AlexNetFixture.DEFAULT_SEED);
        AlexNetFixture.write(target, seed);
        out.println("Wrote " + target + ": the page's AlexNet, Keras 2 layout, weights seeded with " + seed);
        return ExitCode.OK;
    }
}
