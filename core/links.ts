import { LINKS, type LinkTokens, type NormalizedRecord } from './model.js';

/** A comma-separated tag value → its trimmed, distinct, non-empty tokens, in order. */
export function splitTokens(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((t) => t.trim()))].filter((t) => t !== '');
}

/**
 * Link tokens from the raw values of the `applications` and `applications_id` tags (spec §6.4);
 * undefined when the resource carries neither (its `applications` are then left as they are).
 */
export function applicationTokens(
  names: string | undefined,
  ids: string | undefined,
): LinkTokens | undefined {
  if (names === undefined && ids === undefined) return undefined;
  return { applicationNames: splitTokens(names), applicationIds: splitTokens(ids) };
}

/** Attaches link tokens to a record (a normalizer's opt-in to application linking). */
export function withLinks<R extends NormalizedRecord>(record: R, tokens: LinkTokens | undefined): R {
  if (tokens) record[LINKS] = tokens;
  return record;
}
