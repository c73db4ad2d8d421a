package org.keras2dl4j.cli;

import java.util.Arrays;

/**
 * The program's entry point; the only place that calls {@code System.exit}. A command that reads a
 * Keras HDF5 file not known to be good runs in a watched child JVM ({@link Isolation}); the child is
 * this same entry point, told so by a system property.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure(Arrays.asList(args).contains("--debug"));
        System.exit(run(args));
    }

    private static int run(String[] args) {
        Cli cli = new Cli();
        KnownGoodFiles knownGood = KnownGoodFiles.forUser();
        Isolation.Plan plan = Isolation.plan(cli, args, knownGood);
        if (Isolation.isChild()) {
            ReadingStatus.watch(java.nio.file.Path.of(System.getProperty(Isolation.STATUS_PROPERTY)),
                    plan.hdf5Files(), plan.level(), knownGood);
            Isolation.childStarted();
            int code = cli.run(args, System.out, System.err);
            System.out.flush();
            System.err.flush();
            ReadingStatus.exiting(code);
            return code;
        }
        if (plan.isolate()) {
            int code = Isolation.runIsolated(plan, args, System.err);
            if (code >= 0) {
                return code;
            }
        }
        ReadingStatus.watch(null, plan.hdf5Files(), plan.level(), knownGood);
        return cli.run(args, System.out, System.err);
    }
}
