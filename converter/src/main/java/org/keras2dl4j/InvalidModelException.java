package org.keras2dl4j;

/**
 * The file is not what it claims to be: not HDF5, truncated, a config that does not parse, a weight
 * of the wrong shape or a missing weight. Fixing it means fixing or re-saving the file.
 */
public class InvalidModelException extends Keras2Dl4jException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
