/**
 * Topics: one sharded {@link dev.kanal.server.topic.TopicEntity} per topic in the cluster and one
 * {@link dev.kanal.server.topic.NodeFanout} per node.
 *
 * <p>The data path of a broadcast: a socket (or the HTTP API) sends {@code Publish} to the topic's
 * entity; the entity sends one {@code Deliver} to each node's fan-out that has subscribers of the
 * topic; the fan-out encodes the broadcast once per serializer and hands the same frame to each
 * local subscriber. So a broadcast crosses to another node once, whatever the subscriber count.
 *
 * <p>The entity knows only which fan-outs are interested; each fan-out knows its local
 * subscribers and registers with the entity while it has any. Both watch each other: a dead node's
 * fan-out is dropped by the entity, and when an entity stops (node loss, rebalance) the fan-outs
 * register again with its new incarnation, which rebuilds its state from them.
 */
package dev.kanal.server.topic;
