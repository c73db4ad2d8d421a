package org.keras2dl4j.keras;

/**
 * One stored weight of one layer: the layer's name, the weight's Keras name without prefix or
 * {@code :0} suffix ({@code kernel}, {@code moving_mean}; Keras 1 files say {@code W}, {@code b}),
 * its shape as stored, and where it is in the file (for messages and reading).
 */
public record WeightTensor(String layer, String name, Shape shape, String location) {

    /**
     * The Keras weight name in a {@code weight_names} entry: {@code dense_1/kernel:0} gives
     * {@code kernel}, {@code lstm/lstm_cell/recurrent_kernel:0} gives {@code recurrent_kernel}, and
     * Keras 1's {@code dense_1_W} gives {@code W}.
     */
    public static String shortName(String layer, String storedName) {
        String name = storedName.substring(storedName.lastIndexOf('/') + 1);
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            name = name.substring(0, colon);
        }
        if (name.startsWith(layer + "_") && name.length() > layer.length() + 1) {
            name = name.substring(layer.length() + 1);
        }
        return name;
    }
}
