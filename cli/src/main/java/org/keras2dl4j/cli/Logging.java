package org.keras2dl4j.cli;

/**
 * Keeps the command line quiet: ND4J and DL4J log their start-up and import warnings through SLF4J
 * at INFO and WARN; the tool shows them only with {@code --debug}. Must run before any logger exists
 * (slf4j-simple reads its settings once).
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean debug) {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "error");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
