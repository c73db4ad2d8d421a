/**
 * A fast inference path for converted networks: {@link org.keras2dl4j.inference.InferenceEngine}
 * runs a network's blocks in topological order as ND4J operations (oneDNN convolutions and pooling
 * on the {@code -onednn} backend) on the DL4J network's own parameters, freeing each activation once
 * its last reader has run. DL4J's own blocks have their step here ({@link org.keras2dl4j.inference.Steps});
 * keras2dl4j's blocks run their own forward pass, the one DL4J runs. A network with a block the
 * engine has no step for keeps DL4J's forward pass.
 */
package org.keras2dl4j.inference;
