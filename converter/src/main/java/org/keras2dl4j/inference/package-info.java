/**
 * A fast inference path for converted networks: {@link org.keras2dl4j.inference.InferenceEngine}
 * runs a network's layers as ND4J custom ops (oneDNN convolutions and pooling on the
 * {@code -onednn} backend), channels last, on the DL4J network's own parameters. It covers
 * the AlexNet family of layers; any other network keeps DL4J's forward pass.
 */
package org.keras2dl4j.inference;
