package org.keras2dl4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc} says of this process and of the machine: resident memory (current and
 * peak), CPU time used, busy time of all CPUs, load average. Linux only, as the benchmark is.
 */
final class ProcStatus {
    /** Linux's USER_HZ, the unit of the times in {@code /proc/.../stat}; 100 on every x86-64 kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStatus() {
    }

    /** Peak resident set size of this process (VmHWM), in bytes. */
    static long peakRss() {
        return statusKb("VmHWM:") * 1024;
    }

    /** Resident set size of this process now (VmRSS), in bytes. */
    static long rss() {
        return statusKb("VmRSS:") * 1024;
    }

    /** User plus system CPU time this process has used, in seconds. */
    static double cpuSeconds() {
        String stat = read(Path.of("/proc/self/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name and state.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** CPU-seconds all CPUs of the machine have spent busy since boot (everything but idle and iowait). */
    static double machineBusySeconds() {
        String cpu = read(Path.of("/proc/stat")).lines().filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow();
        String[] f = cpu.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        // guest and guest_nice (fields 9, 10) are already counted in user and nice.
        if (f.length > 10) {
            busy -= Long.parseLong(f[9]) + Long.parseLong(f[10]);
        }
        return busy / TICKS_PER_SECOND;
    }

    /** The three load averages (1, 5 and 15 minutes). */
    static double[] loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    private static long statusKb(String field) {
        for (String line : read(Path.of("/proc/self/status")).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
