package org.keras2dl4j.keras;

/** Reading Keras version strings such as {@code 2.2.4}, {@code 2.4.0}, {@code 2.15.0} or {@code 3.6.0}. */
public final class KerasVersion {
    private KerasVersion() {
    }

    /**
     * The major version, or 1 when the string is null or empty: Keras before 1.0.8 did not record
     * its version (DL4J assumes the same).
     */
    public static int major(String version) {
        if (version == null || version.isEmpty() || !Character.isDigit(version.charAt(0))) {
            return 1;
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return Integer.parseInt(version.substring(0, end));
    }
}
