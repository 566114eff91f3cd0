package lab.pod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lab.config.Durations;
import lab.config.OptionException;
import lab.config.Options;
import lab.config.Sizes;
import lab.measure.Theory;

/**
 * The limits of one pod, as {@code docker run --cpus --memory} and a Kubernetes container's
 * {@code limits.cpu} / {@code limits.memory} set them: CPU as a CFS quota of {@code cpus × period}
 * per period, memory as a hard limit (no swap, as Kubernetes runs).
 */
public record PodLimits(Optional<Double> cpus, Optional<Long> memory, Duration period) {

    /** The kernel refuses a CFS quota below 1 ms (cfs_quota_us, cpu.max). */
    static final long MIN_QUOTA_MICROS = 1_000;

    public PodLimits {
        if (cpus.isEmpty() && memory.isEmpty()) throw new IllegalArgumentException("a pod needs a CPU or a memory limit");
        if (cpus.isPresent() && Math.round(cpus.get() * period.toNanos() / 1e3) < MIN_QUOTA_MICROS) {
            throw new OptionException("cpus " + cpus.get() + " x cpuPeriod " + Durations.format(period)
                    + " is a quota below the kernel's 1ms per period (raise -DcpuPeriod=)");
        }
    }

    /** The limits the options ask for; empty when neither -Dcpus= nor -Dmemory= is set. */
    public static Optional<PodLimits> from(Options options) {
        if (!options.inPod()) return Optional.empty();
        return Optional.of(new PodLimits(options.cpus(), options.memory(), options.cpuPeriod()));
    }

    /** The limits {@code -Dcpus=} / {@code -Dmemory=} / {@code -DcpuPeriod=} ask the harnesses for (their servers' pods). */
    public static Optional<PodLimits> fromSystemProperties() {
        return from(Options.fromSystemAndArgs(System.getProperties(), new String[0]));
    }

    public long periodMicros() {
        return period.toNanos() / 1_000;
    }

    /** CPU time granted per period, in µs; -1 (no quota) when no CPU limit is set. */
    public long quotaMicros() {
        return cpus.map(c -> Math.round(c * periodMicros())).orElse(-1L);
    }

    /**
     * The processors a JVM started in this pod reports ({@code availableProcessors}): the quota
     * rounded up to whole CPUs, as the JDK's container support computes it; empty without a CPU
     * limit. For a harness's theory, which runs in a JVM outside the pod.
     */
    public java.util.OptionalInt processorsInside() {
        return cpus.map(c -> java.util.OptionalInt.of((int) Math.ceil(c - 1e-9))).orElse(java.util.OptionalInt.empty());
    }

    /**
     * The CPU a server JVM in this pod has, for a harness outside it that counts {@code outside}
     * processors for the server (the machine's, or the cores it is pinned to): the JDK counts the
     * fewer of those and the quota rounded up, and it gets {@code cpus} a second.
     */
    public Theory.Cpu serverCpu(int outside) {
        int processors = Math.min(outside, processorsInside().orElse(outside));
        return new Theory.Cpu(Math.max(1, processors), cpus.orElse(Double.NaN));
    }

    /** {@link #serverCpu(int)} of the pod if there is one, else the {@code outside} cores with no quota. */
    public static Theory.Cpu serverCpu(Optional<PodLimits> pod, int outside) {
        return pod.map(l -> l.serverCpu(outside)).orElse(Theory.Cpu.cores(outside));
    }

    /** The options that ask a child JVM's runner for these limits (it prints them; it is already inside). */
    public List<String> asArgs() {
        List<String> args = new ArrayList<>();
        cpus.ifPresent(c -> args.add(Options.CPUS.name() + "=" + cpusText(c)));
        memory.ifPresent(m -> args.add(Options.MEMORY.name() + "=" + (m / 1024) + "k"));
        args.add(Options.CPU_PERIOD.name() + "=" + Durations.format(period));
        return args;
    }

    /** E.g. {@code 0.5 CPU (50ms per 100ms period), memory 512m}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        cpus.ifPresent(c -> parts.add(cpusText(c) + " CPU (" + Durations.format(Duration.ofNanos(quotaMicros() * 1_000))
                + " per " + Durations.format(period) + " period)"));
        memory.ifPresent(m -> parts.add("memory " + Sizes.format(m)));
        return String.join(", ", parts);
    }

    /** {@code 0.5}, {@code 1}, {@code 1.25}: CPUs as the user writes them. */
    public static String cpusText(double cpus) {
        String s = String.format(Locale.ROOT, "%.3f", cpus).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
