package org.keras2dl4j;

/**
 * The file is valid Keras, but uses something this toolkit (or DL4J beneath it) cannot represent:
 * an unknown layer class, a Lambda layer, a custom object, an option without a DL4J equivalent.
 */
public class UnsupportedFeatureException extends Keras2Dl4jException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String message) {
        super(message);
    }

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
