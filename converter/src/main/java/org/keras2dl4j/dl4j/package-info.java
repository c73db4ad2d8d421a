/**
 * Building, summarising and saving DL4J networks from Keras models, on top of DL4J's Keras import.
 * This is the only package of the converter that touches ND4J.
 */
package org.keras2dl4j.dl4j;
