package dev.kanal.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerProcessesTest {

  @Test
  void rssComesFromTheVmRssLine() {
    String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  312456 kB\nRssAnon:\t 300000 kB\n";
    assertEquals(312_456, ServerProcesses.vmRssKb(status));
  }

  @Test
  void cpuIsUtimePlusStimeCountedAfterACommandNameWithSpacesAndParentheses() {
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 1 2 3";
    assertEquals(1234 + 567, ServerProcesses.cpuTicks(stat));
  }

  @Test
  void g1HeapUsageIsTheGarbageFirstLine() {
    String heapInfo = "4242:\n garbage-first heap   total 65536K, used 20480K [0x00000000e0000000, 0x0000000100000000)\n"
        + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
        + " Metaspace       used 30000K, committed 30500K, reserved 1114112K\n"
        + "  class space    used 3500K, committed 3700K, reserved 1048576K\n";
    assertEquals(20_480, ServerProcesses.heapUsedKb(heapInfo));
  }

  @Test
  void serialHeapUsageSumsTheGenerations() {
    String heapInfo = "4242:\n def new generation   total 9792K, used 1234K [0x1, 0x2, 0x3)\n"
        + "  eden space 8704K,  14% used [0x1, 0x2, 0x3)\n"
        + "  from space 1088K,   0% used [0x1, 0x2, 0x3)\n"
        + " tenured generation   total 21888K, used 3000K [0x1, 0x2, 0x3)\n"
        + "   the space 21888K,  13% used [0x1, 0x2, 0x3, 0x4)\n"
        + " Metaspace       used 30000K, committed 30500K, reserved 1114112K\n";
    assertEquals(1234 + 3000, ServerProcesses.heapUsedKb(heapInfo));
  }

  @Test
  void anUnknownLayoutIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> ServerProcesses.heapUsedKb(" ZHeap used 12M, capacity 32M\n"));
  }
}
