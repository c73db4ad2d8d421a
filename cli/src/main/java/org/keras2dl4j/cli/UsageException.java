package org.keras2dl4j.cli;

/**
 * A command line that does not fit the command's usage: exit code 2. The message goes to stderr as
 * one line, followed by the command's usage unless the problem is a file argument (a missing
 * input, an output that would replace an input or a device...), where the usage would only bury it.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean showUsage;

    UsageException(String message) {
        this(message, true);
    }

    private UsageException(String message, boolean showUsage) {
        super(message);
        this.showUsage = showUsage;
    }

    /** A usage error about a file argument: one line, without the usage after it. */
    static UsageException aboutFile(String message) {
        return new UsageException(message, false);
    }

    boolean showUsage() {
        return showUsage;
    }
}
