package org.keras2dl4j;

/**
 * Whether {@link KerasModels#load(java.nio.file.Path, java.nio.file.Path, SelfCheck)} re-runs the
 * {@link TestVector} stored in a converted {@code .zip}. Keras files have no test vector; for them
 * both values mean the same.
 */
public enum SelfCheck {
    /** Re-run the stored test vector and fail on a difference beyond its tolerance (the default). */
    RUN,
    /** Load without re-running it. */
    SKIP
}
