/**
 * Collections: one event-sourced entity per collection, and how its changes reach subscribers.
 *
 * <h2>A write, step by step</h2>
 * <ol>
 *   <li>The entity validates the body against the collection's schema, builds the record and
 *       journals one event ({@code created}, {@code updated} or {@code deleted}) carrying the next
 *       {@code seq}. Nothing is answered before the journal write succeeds.
 *   <li>It then publishes the {@link dev.kanal.persistence.collection.Change} through a
 *       {@link dev.kanal.persistence.collection.ChangePublisher}, which the server implements by
 *       asking the topic entity {@code collection:NAME}. The topic fans the change out and answers
 *       with the highest {@code seq} it has taken; it drops a {@code seq} it already has and refuses
 *       one that skips a gap, so subscribers see changes in {@code seq} order.
 *   <li>When the topic confirms, the writer gets its answer. A write that is not confirmed within
 *       {@code confirm-wait} is answered anyway, marked as not yet delivered.
 * </ol>
 *
 * <h2>Nothing lost</h2>
 * Every change the topic has not confirmed stays in the state's unconfirmed set and is published
 * again every {@code republish-every} until it is. Confirmations are not journaled on their own:
 * each event carries the highest confirmed {@code seq} known when it was written. After a crash
 * between the journal and the publication, recovery finds the change unconfirmed and publishes it
 * (the server wakes every configured collection when a node starts, so this does not wait for the
 * next request). A change may therefore arrive twice (at least once, never lost); its {@code seq}
 * lets clients and the topic drop the copy.
 *
 * <h2>Joining without a gap</h2>
 * A socket subscribes to the topic first and asks the entity for the records afterwards, so every
 * change after the answer's {@code seq} reaches it; changes at or below that {@code seq} are already
 * in the answer and the socket drops them. {@code since} is answered from a bounded log of the last
 * {@code retained-changes} changes, and with the full records when it no longer reaches back.
 */
package dev.kanal.persistence.collection;
