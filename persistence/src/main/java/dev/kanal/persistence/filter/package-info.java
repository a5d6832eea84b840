/**
 * Record filters: one model ({@link dev.kanal.persistence.filter.Filter}) read from three spellings,
 * the same in channel join options and in REST query parameters.
 *
 * <ul>
 *   <li>plain: {@code field=value}, and {@code from_date} ({@code inserted_at} from the start of a UTC
 *       day);
 *   <li>Directus: {@code filter={"field":{"_eq":v}}} with {@code _and}/{@code _or} nesting;
 *   <li>Supabase: {@code field=op.value}, {@code in} written {@code in.(1,2,3)}.
 * </ul>
 *
 * <p>{@link dev.kanal.persistence.filter.FilterParser} checks and casts every value once, so a
 * compiled filter only compares when it runs, which it does for every subscriber on every change.
 */
package dev.kanal.persistence.filter;
