/**
 * Presence of one topic, as Phoenix.Presence shapes it: {@code {key: {"metas": [{…, "phx_ref": r}]}}}.
 *
 * <p>{@link dev.kanal.presence.PresenceState} holds who is present and answers every change with a
 * {@link dev.kanal.presence.PresenceDiff}; diffs coalesce with {@link
 * dev.kanal.presence.PresenceDiff#merge}, so a burst of changes can go out as one
 * {@code presence_diff}. Nothing here knows about actors or sockets: an owner is any value that
 * identifies who tracked a meta (in the server, a subscriber's actor).
 */
package dev.kanal.presence;
