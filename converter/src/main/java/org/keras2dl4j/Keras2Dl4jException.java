package org.keras2dl4j;

/**
 * Root of every exception the toolkit throws on purpose. Its message is complete and meant for the
 * user as it is: it names the file and, where it applies, the layer, the weight or field, and the
 * expected and actual values. The command line prints it as one line and exits with code 3.
 */
public class Keras2Dl4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Keras2Dl4jException(String message) {
        super(message);
    }

    public Keras2Dl4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
