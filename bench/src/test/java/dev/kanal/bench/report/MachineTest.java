package dev.kanal.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MachineTest {

  @Test
  void coresModelAndMemoryComeFromProc() {
    String cpuinfo = "processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\ncpu MHz\t\t: 2000\n\n"
        + "processor\t: 1\nmodel name\t: Test CPU @ 2.0GHz\n";
    String meminfo = "MemTotal:       24684124 kB\nMemFree:        22000000 kB\n";
    assertEquals(new Machine(2, "Test CPU @ 2.0GHz", 24_684_124L * 1024, "6.1.0", "OpenJDK 17"),
        Machine.parse(cpuinfo, meminfo, "6.1.0", "OpenJDK 17"));
  }
}
