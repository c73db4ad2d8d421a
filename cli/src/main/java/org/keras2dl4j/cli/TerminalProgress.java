package org.keras2dl4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.keras2dl4j.Progress;

/**
 * A progress bar on the terminal (through the progressbar library) for conversions with many
 * weights; nothing at all when stderr is not a terminal (CI logs, pipes) or the model is small.
 */
final class TerminalProgress implements Progress {
    /** Below this many bytes of weights a conversion takes a moment, and no bar is shown. */
    private static final long MIN_BYTES = 64L << 20;

    private final boolean terminal;
    private ProgressBar bar;
    private long done;

    private TerminalProgress(boolean terminal) {
        this.terminal = terminal;
    }

    /** A progress bar when this process runs on a terminal, else {@link Progress#NONE}. */
    static Progress forConsole() {
        return System.console() != null ? new TerminalProgress(true) : Progress.NONE;
    }

    @Override
    public void start(String task, long total) {
        done = 0;
        if (terminal && total >= MIN_BYTES) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total >> 20).setUnit(" MB", 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100).continuousUpdate()
                    .setMaxRenderedLength(100).build();
        }
    }

    @Override
    public void advance(long amount) {
        if (bar != null) {
            done += amount;
            bar.stepTo(Math.min(bar.getMax(), done >> 20));
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.close();
            bar = null;
        }
    }
}
