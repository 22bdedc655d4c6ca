// Maestro JSON templates (spec §6.9): a pass-through of the same-named fields of each object, plus the
// common fields. Shared by the six `*-import` kinds of this folder.
import type { MappingContext, NormalizedRecord } from '../../../core/model.js';
import {
  baseDatacenter,
  compactRecord,
  isObject,
  str,
  tagList,
  toDate,
  type Json,
} from '../../files/record.js';

export interface TemplateKind {
  /** Maestro fields copied as they are (after compaction). */
  passThrough: readonly string[];
  /** Where `unique_id` comes from, first present wins (see docs/files.md "unique_id"). */
  idFrom: readonly string[];
  /** Fields holding dates: stored as dates, not strings. */
  dates?: readonly string[];
}

/** The fields a template kind writes: its pass-through fields and the ones every record has. */
export function templateFields(kind: TemplateKind): string[] {
  return [...new Set([...kind.passThrough, 'unique_id', 'active', 'datacenters'])];
}

/** `unique_id` of a template object, or undefined when it has none of the kind's id fields. */
export function templateId(kind: TemplateKind, item: Json): string | undefined {
  for (const f of kind.idFrom) {
    const v = str(item[f]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * One object → one record. `tags` given as a `{key: value}` map are turned into `[{key, value}]`; an
 * object may say `active: false` (the original forced `active: true`, so a file could not retire a
 * resource it still listed).
 */
export function normalizeTemplate(kind: TemplateKind, raw: unknown, ctx: MappingContext): NormalizedRecord[] {
  if (!isObject(raw)) return [];
  const uniqueId = templateId(kind, raw);
  if (uniqueId === undefined) return [];
  const body: Json = {};
  for (const f of kind.passThrough) body[f] = raw[f];
  if ('tags' in body) body.tags = tagList(body.tags);
  for (const f of kind.dates ?? []) body[f] = toDate(body[f]) ?? body[f];
  const dc = isObject(raw.datacenters) ? raw.datacenters : {};
  body.datacenters = { ...baseDatacenter(ctx), zone: dc.zone, region: dc.region };
  return [{ ...compactRecord(body), unique_id: uniqueId, active: raw.active !== false }];
}
