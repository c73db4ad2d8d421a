package org.keras2dl4j.dl4j.blocks;

/** What keras2dl4j's blocks share. */
final class Blocks {
    private Blocks() {
    }

    /** The error for fitting a network with one of keras2dl4j's inference-only blocks. */
    static UnsupportedOperationException inferenceOnly(Object block) {
        return new UnsupportedOperationException(block + " is one of keras2dl4j's inference-only DL4J blocks: "
                + "it computes Keras's forward pass but has no backward pass, so the network cannot be trained");
    }
}
