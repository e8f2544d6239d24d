package dev.calsync.examples.cli;

import dev.calsync.core.Side;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a sync's progress: a progress bar (me.tongfei progressbar) on a terminal, plain lines
 * otherwise. Reading is shown as components read so far; once the plan is made, the bar counts its
 * operations.
 */
final class SyncProgress implements SyncListener {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar progress;
    private long readA;
    private long readB;

    /**
     * @param out where to draw
     * @param bar a progress bar (true) or plain lines (false)
     */
    SyncProgress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void syncStarted(String pairId, boolean dryRun) {
        readA = 0;
        readB = 0;
        if (bar) {
            progress = new ProgressBarBuilder()
                    .setTaskName(pairId + (dryRun ? " (dry run)" : ""))
                    .setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new DelegatingProgressBarConsumer(
                            line -> {
                                out.print('\r');
                                out.print(line);
                                out.flush();
                            },
                            100))
                    .build();
            progress.setExtraMessage("reading");
        } else {
            out.println("pair " + pairId + ": " + (dryRun ? "dry run, " : "") + "reading both sides");
            out.flush();
        }
    }

    @Override
    public void pageRead(String pairId, Side side, int components) {
        if (side == Side.A) {
            readA += components;
        } else {
            readB += components;
        }
        if (progress != null) {
            progress.setExtraMessage("read A " + readA + ", B " + readB);
        } else if (!bar) {
            out.println("pair " + pairId + ": read " + components + " components from side " + side + " ("
                    + (side == Side.A ? readA : readB) + " so far)");
            out.flush();
        }
    }

    @Override
    public void planned(String pairId, int steps) {
        if (progress != null) {
            progress.maxHint(steps);
            progress.setExtraMessage("writing");
        } else if (!bar) {
            out.println("pair " + pairId + ": " + steps + " series to write or record");
            out.flush();
        }
    }

    @Override
    public void operationRecorded(SyncOperation operation) {
        if (progress != null) {
            progress.step();
        }
    }

    @Override
    public void syncFinished(SyncReport report) {
        closeBar();
    }

    @Override
    public void syncFailed(String pairId, Throwable failure) {
        closeBar();
    }

    private void closeBar() {
        if (progress != null) {
            progress.close();
            progress = null;
            out.println();
            out.flush();
        }
    }
}
