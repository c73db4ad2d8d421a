package org.keras2dl4j.io;

/**
 * The bounds a {@code .keras} archive must stay within before anything in it is read or extracted:
 * how many entries, how large one entry and all entries together may declare themselves, how much
 * an entry may expand over its stored size (a decompression bomb expands 1000:1), and how large
 * the JSON entries read into memory may be.
 *
 * <p>Keras stores archive entries uncompressed (keras/src/saving/saving_lib.py writes with
 * {@code ZIP_STORED}), so a genuine archive has ratios near 1; Keras itself refuses members that
 * expand more than 100 times (saving_lib.py, {@code _ZIP_MEMBER_MAX_EXPANSION}).
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, double maxExpansion,
        long expansionFloorBytes, long maxJsonBytes) {

    /** Generous bounds for real models: weights up to 16 GiB, configs up to 64 MiB. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(1_000, 16L << 30, 16L << 30, 100, 1L << 20,
            64L << 20);
}
