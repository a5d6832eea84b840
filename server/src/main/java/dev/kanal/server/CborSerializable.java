package dev.kanal.server;

/**
 * Marks messages that cross nodes; {@code reference.conf} binds it to Jackson CBOR. Types carried
 * in such messages use named subtypes only, never class names.
 */
public interface CborSerializable {}
