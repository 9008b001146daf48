package org.facemat.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-node Slurm cluster on this machine for a test: its own munge key and munged, a generated slurm.conf, slurmctld
 * and slurmd in the foreground as child processes, all under one temporary folder. {@link #close()} stops them.
 */
final class SlurmCluster implements AutoCloseable {
    static final List<String> BINARIES = List.of("munged", "slurmctld", "slurmd", "sbatch", "scontrol", "sinfo");

    final Path dir;
    final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    /** Null when something needed is missing; the reason is printed. */
    static String missing() {
        for (String b : BINARIES) {
            if (!Harness.onPath(b) && !Files.isExecutable(Path.of("/usr/sbin", b))) {
                return "'" + b + "' is not installed (Debian/Ubuntu: apt-get install slurm-wlm munge)";
            }
        }
        return null;
    }

    SlurmCluster(Path dir) throws Exception {
        this.dir = dir;
        for (String d : List.of("munge", "state", "spool", "log")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setPosixFilePermissions(dir.resolve("munge"), PosixFilePermissions.fromString("rwx--x--x"));
        byte[] key = new byte[1024];
        new SecureRandom().nextBytes(key);
        Path keyFile = dir.resolve("munge/munge.key");
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
        Path socket = dir.resolve("munge/munge.socket");
        String user = System.getProperty("user.name");
        String host = shortHostName();
        int ctldPort = freePort();
        int slurmdPort = freePort();
        conf = dir.resolve("slurm.conf");
        Files.writeString(conf, String.join("\n",
                "ClusterName=facemattest",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "SlurmctldPort=" + ctldPort,
                "SlurmdPort=" + slurmdPort,
                "SlurmUser=" + user,
                "SlurmdUser=" + user,
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + socket,
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SwitchType=switch/none",
                "MpiDefault=none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "SchedulerType=sched/builtin",
                "SchedulerParameters=sched_interval=2",
                "ReturnToService=2",
                "MinJobAge=600",
                "JobCompType=jobcomp/none",
                "AccountingStorageType=accounting_storage/none",
                "JobAcctGatherType=jobacct_gather/none",
                "SlurmctldDebug=info",
                "SlurmdDebug=info",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors()
                        + " RealMemory=" + memoryMiB() + " State=UNKNOWN",
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                ""));
        try {
            start("munged", List.of(sbin("munged"), "-F", "--force", "--socket=" + socket, "--key-file=" + keyFile,
                    "--log-file=" + dir.resolve("log/munged.log"), "--pid-file=" + dir.resolve("munge/munged.pid"),
                    "--seed-file=" + dir.resolve("munge/seed")));
            waitFor(() -> Files.exists(socket), 20, "munged did not create its socket");
            start("slurmctld", List.of(sbin("slurmctld"), "-D", "-i", "-f", conf.toString()));
            start("slurmd", List.of(sbin("slurmd"), "-D", "-N", host, "-f", conf.toString()));
            waitFor(() -> {
                Run r = run(List.of("sinfo", "-h", "-o", "%t"), 10);
                return r.code == 0 && r.out.trim().matches("idle|mix|alloc");
            }, 60, "the node did not come up idle");
        } catch (Exception | AssertionError e) {
            String logs = logs();
            close();
            throw new AssertionError(e.getMessage() + "\n" + logs, e);
        }
    }

    /** The name slurmctld checks SlurmctldHost against: the kernel's host name, up to the first dot. */
    static String shortHostName() throws IOException {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        String h = Files.exists(kernel) ? Files.readString(kernel).trim() : InetAddress.getLocalHost().getHostName();
        return h.replaceFirst("\\..*", "");
    }

    private static String sbin(String name) {
        Path p = Path.of("/usr/sbin", name);
        return Files.isExecutable(p) ? p.toString() : name;
    }

    private void start(String name, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile());
        pb.environment().put("SLURM_CONF", conf.toString());
        daemons.add(pb.start());
    }

    record Run(int code, String out) {
    }

    /** Runs a Slurm client command against this cluster. */
    Run run(List<String> cmd, int timeoutSeconds) {
        return run(cmd, timeoutSeconds, Map.of());
    }

    Run run(List<String> cmd, int timeoutSeconds, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SLURM_CONF", conf.toString());
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    /** {@code JobState} of a job (an array's first task state for an array job), from scontrol. */
    String state(String jobId) {
        Run r = run(List.of("scontrol", "-o", "show", "job", jobId), 10);
        String state = "UNKNOWN";
        for (String line : r.out.split("\\R")) {
            for (String f : line.split(" ")) {
                if (f.startsWith("JobState=")) {
                    state = f.substring("JobState=".length());
                }
            }
        }
        return state;
    }

    /** States of every job of this cluster, for failure messages. */
    String jobs() {
        return run(List.of("scontrol", "-o", "show", "job"), 10).out;
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("slurmctld.log", "slurmd.log", "munged.log", "slurmctld.out", "slurmd.out",
                "munged.out")) {
            Path p = dir.resolve("log").resolve(f);
            try {
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p);
                    b.append("--- ").append(f).append('\n');
                    for (String l : lines.subList(Math.max(0, lines.size() - 15), lines.size())) {
                        b.append(l).append('\n');
                    }
                }
            } catch (IOException e) {
                b.append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, int seconds, String what) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(what + " within " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The machine's memory in MiB, as the node's RealMemory: the exported jobs ask for memory with --mem. */
    static long memoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 4096;
    }
}
