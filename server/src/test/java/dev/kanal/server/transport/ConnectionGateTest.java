package dev.kanal.server.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionGateTest {

  @Test
  void admitsUpToTheMaximumAndAgainOnceAPlaceIsGivenBack() {
    ConnectionGate gate = new ConnectionGate(2);
    assertTrue(gate.tryOpen());
    assertTrue(gate.tryOpen());
    assertFalse(gate.tryOpen());
    gate.close();
    assertTrue(gate.tryOpen());
    assertFalse(gate.tryOpen());
  }
}
