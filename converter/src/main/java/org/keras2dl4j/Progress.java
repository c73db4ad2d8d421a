package org.keras2dl4j;

/**
 * Receives the progress of a long conversion, in bytes of weights bound: the command line shows it
 * as a progress bar on a terminal. Implementations must be cheap; {@link #NONE} ignores everything.
 */
public interface Progress {

    /** Ignores all progress. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long amount) {
        }

        @Override
        public void finish() {
        }
    };

    /** A task of {@code total} units (bytes) begins. */
    void start(String task, long total);

    /** {@code amount} more units are done. */
    void advance(long amount);

    /** The task is over (also after a failure). */
    void finish();
}
