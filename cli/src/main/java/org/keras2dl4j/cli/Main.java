package org.keras2dl4j.cli;

/** The program's entry point; the only place that calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args).contains("--debug"));
        System.exit(new Cli().run(args, System.out, System.err));
    }
}
