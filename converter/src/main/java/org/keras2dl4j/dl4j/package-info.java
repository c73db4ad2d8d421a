/**
 * Building, summarising and saving DL4J networks from Keras models, on top of DL4J's Keras import.
 * With org.keras2dl4j.inference and the public ConvertedModel, it is where the converter touches ND4J;
 * the readers (io, hdf5, keras) never do, so validating a Keras file needs no ND4J.
 */
package org.keras2dl4j.dl4j;
