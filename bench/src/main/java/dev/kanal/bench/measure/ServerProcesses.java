package dev.kanal.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server processes under test, seen from outside: resident memory and CPU time from
 * {@code /proc}, the live heap through {@code jcmd}. A cluster's nodes are summed.
 */
public final class ServerProcesses {
  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final List<Long> pids;
  private final long ticksPerSecond;

  public ServerProcesses(List<Long> pids) {
    this.pids = List.copyOf(pids);
    this.ticksPerSecond = pids.isEmpty() ? 100 : clockTicksPerSecond();
  }

  public boolean isEmpty() {
    return pids.isEmpty();
  }

  /** Resident set size, summed. */
  public long rssBytes() throws IOException {
    long total = 0;
    for (long pid : pids) {
      total += vmRssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status"))) * 1024;
    }
    return total;
  }

  /** User plus system CPU time since start, summed. */
  public double cpuSeconds() throws IOException {
    long ticks = 0;
    for (long pid : pids) {
      ticks += cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }
    return (double) ticks / ticksPerSecond;
  }

  /** Runs a full GC in each JVM, then sums the heap each still uses: the live set. */
  public long heapAfterFullGcBytes() throws IOException {
    long total = 0;
    for (long pid : pids) {
      jcmd(pid, "GC.run");
      total += heapUsedKb(jcmd(pid, "GC.heap_info")) * 1024;
    }
    return total;
  }

  static long vmRssKb(String status) {
    Matcher m = VM_RSS.matcher(status);
    if (!m.find()) {
      throw new IllegalArgumentException("no VmRSS line in /proc/<pid>/status");
    }
    return Long.parseLong(m.group(1));
  }

  /** Fields 14 and 15 (utime, stime); counted after the command name, which may hold spaces. */
  static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * The heap in use from {@code jcmd GC.heap_info}: the "used" of every generation line (those
   * with a "total") before the Metaspace line. That covers the G1, Serial and Parallel collectors
   * a JDK 17 picks by default.
   */
  static long heapUsedKb(String heapInfo) {
    long used = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace")) {
        break;
      }
      Matcher m = HEAP_USED.matcher(line);
      if (line.contains("total") && m.find()) {
        used += Long.parseLong(m.group(1));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no heap usage in jcmd GC.heap_info output: " + heapInfo);
    }
    return used;
  }

  private static String jcmd(long pid, String command) throws IOException {
    return run("jcmd", Long.toString(pid), command);
  }

  private static long clockTicksPerSecond() {
    try {
      return Long.parseLong(run("getconf", "CLK_TCK").trim());
    } catch (IOException | NumberFormatException e) {
      return 100; // what Linux uses on every common architecture
    }
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command[0], e);
    } finally {
      process.destroy();
    }
  }
}
