package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A view as computed from its sources, and the {@code seq} it is current at (the sum of theirs). */
public record ComputedView(ObjectNode view, long seq) {}
