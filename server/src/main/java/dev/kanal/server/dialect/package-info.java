/**
 * Wire dialects: how clients of one ecosystem speak to a Kanal session.
 *
 * <p>A {@link dev.kanal.server.dialect.Dialect} decodes a frame into one of a few
 * {@link dev.kanal.server.dialect.ClientCommand}s and encodes
 * {@link dev.kanal.server.dialect.ServerEvent}s into frames; its
 * {@link dev.kanal.server.dialect.Fastlane} encodes broadcasts and changes once for all sockets of
 * its variant. An {@link dev.kanal.server.dialect.Endpoint} says where its sockets connect and where
 * their token rides. A new dialect is a package here that adds both; the session and the channel
 * kinds stay as they are.
 */
package dev.kanal.server.dialect;
