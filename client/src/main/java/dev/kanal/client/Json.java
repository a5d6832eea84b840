package dev.kanal.client;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The client's one Jackson mapper, for turning app values into JSON. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
