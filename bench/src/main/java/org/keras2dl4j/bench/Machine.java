package org.keras2dl4j.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The machine a run was made on, and how quiet it was while the run went on. */
final class Machine {
    private static final List<String> FLAGS = List.of("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16");

    private Machine() {
    }

    /** How long the run waited for the machine to settle, and the load it started at. */
    record Quiet(double loadAtStart, double waitedSeconds, boolean reached) {
    }

    /** CPU use of the whole machine over the run, and the part of it that was not the benchmark's. */
    record Usage(double wallSeconds, double busyCpuSeconds, double ourCpuSeconds, double minLoad, double maxLoad) {
        double otherCpuSeconds() {
            return Math.max(0, busyCpuSeconds - ourCpuSeconds);
        }
    }

    static Quiet waitForQuiet(double below, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        double load = ProcStatus.loadAverage()[0];
        if (below <= 0) {
            return new Quiet(load, 0, true);
        }
        while (load >= below && (System.nanoTime() - start) / 1e9 < maxSeconds) {
            System.err.printf("bench: waiting for load average < %.2f (now %.2f)%n", below, load);
            Thread.sleep(15_000);
            load = ProcStatus.loadAverage()[0];
        }
        return new Quiet(load, (System.nanoTime() - start) / 1e9, load < below);
    }

    /** Samples the 1-minute load average every 5 s in the background. */
    static final class Sampler {
        private final long start = System.nanoTime();
        private final double busyAtStart = ProcStatus.machineBusySeconds();
        private final List<Double> loads = new ArrayList<>();
        private final Thread thread;

        private Sampler() {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        synchronized (loads) {
                            loads.add(ProcStatus.loadAverage()[0]);
                        }
                        Thread.sleep(5_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-sampler");
            thread.setDaemon(true);
        }

        static Sampler start() {
            Sampler sampler = new Sampler();
            sampler.thread.start();
            return sampler;
        }

        Usage stop(double ourCpuSeconds) {
            thread.interrupt();
            double busy = ProcStatus.machineBusySeconds() - busyAtStart;
            synchronized (loads) {
                double min = loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                double max = loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                return new Usage((System.nanoTime() - start) / 1e9, busy, ourCpuSeconds, min, max);
            }
        }
    }

    /** CPU model, relevant instruction-set flags, cores, memory, kernel, JDK; and Python's if given. */
    static Map<String, String> describe(Path python) {
        Map<String, String> facts = new LinkedHashMap<>();
        String cpuinfo = ProcStatus.read(Path.of("/proc/cpuinfo"));
        String model = field(cpuinfo, "model name");
        Set<String> flags = new TreeSet<>(List.of(field(cpuinfo, "flags").split("\\s+")));
        List<String> present = FLAGS.stream().filter(flags::contains).toList();
        facts.put("CPU", model + " (family " + field(cpuinfo, "cpu family") + ", model " + field(cpuinfo, "model\t")
                + "), " + Runtime.getRuntime().availableProcessors() + " cores");
        facts.put("SIMD flags", String.join(" ", present));
        String meminfo = ProcStatus.read(Path.of("/proc/meminfo"));
        long memKb = Long.parseLong(field(meminfo, "MemTotal").replaceAll("\\D", ""));
        facts.put("Memory", String.format("%.1f GiB", memKb / 1024.0 / 1024.0));
        facts.put("Kernel", command("uname", "-r"));
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("DL4J / ND4J", "1.0.0-M2.1, nd4j-native " + backendClassifier());
        if (python != null) {
            facts.put("Python", command(python.toString(), "--version"));
        }
        return facts;
    }

    /** The nd4j-native classifier on the class path (linux-x86_64, -avx2, -avx512, -onednn...). */
    private static String backendClassifier() {
        for (String entry : classPath()) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("nd4j-native-") && !name.startsWith("nd4j-native-api")
                    && !name.startsWith("nd4j-native-preset") && name.contains("-linux")) {
                return name.substring(name.indexOf("linux"), name.length() - ".jar".length());
            }
        }
        return "(classifier not found on the class path)";
    }

    /** The class path's entries, with those of a jar's manifest Class-Path (java -jar, surefire). */
    private static List<String> classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        entries.addAll(List.of(classPath.trim().split("\\s+")));
                    }
                } catch (IOException e) {
                    // not a readable jar: its name alone is enough here
                }
            }
        }
        return entries;
    }

    private static String field(String procFile, String name) {
        for (String line : procFile.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
