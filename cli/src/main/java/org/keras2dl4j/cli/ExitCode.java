package org.keras2dl4j.cli;

/** The exit codes of the command line, as DESIGN.md fixes them. */
final class ExitCode {
    static final int OK = 0;
    /** validate or verify found a difference. */
    static final int MISMATCH = 1;
    static final int USAGE = 2;
    /** The model cannot be read or uses something unsupported. */
    static final int BAD_MODEL = 3;
    static final int INTERNAL = 70;

    private ExitCode() {
    }
}
