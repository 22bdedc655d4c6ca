// Validates what the GCP fake serves against Google's discovery documents (the extracts in
// test/fixtures/gcp/discovery/, made by extract-discovery.ts): every property must be declared by its
// schema, have the declared JSON type (64-bit integers are strings), and a declared enum value.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
}

interface DiscoveryDoc {
  id: string;
  revision: string;
  schemas: Record<string, Schema>;
}

const DIR = fileURLToPath(new URL('../../../test/fixtures/gcp/discovery/', import.meta.url));
const docs = new Map<string, DiscoveryDoc>();

function load(api: string): DiscoveryDoc {
  let doc = docs.get(api);
  if (!doc) {
    doc = JSON.parse(readFileSync(`${DIR}${api}.json`, 'utf8')) as DiscoveryDoc;
    docs.set(api, doc);
  }
  return doc;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function walk(doc: DiscoveryDoc, schema: Schema, value: unknown, at: string, out: string[]): void {
  if (schema.$ref) {
    const target = doc.schemas[schema.$ref];
    if (!target) {
      out.push(`${at}: schema ${schema.$ref} missing from ${doc.id}`);
      return;
    }
    walk(doc, target, value, at, out);
    return;
  }
  const actual = typeOf(value);
  switch (schema.type) {
    case 'string':
      if (actual !== 'string')
        out.push(`${at}: expected a string${schema.format ? ` (${schema.format})` : ''}, got ${actual}`);
      else if (schema.enum && !schema.enum.includes(value as string))
        out.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
      else if ((schema.format === 'int64' || schema.format === 'uint64') && !/^-?\d+$/.test(value as string))
        out.push(`${at}: ${JSON.stringify(value)} is not a ${schema.format}`);
      else if (
        (schema.format === 'date-time' || schema.format === 'google-datetime') &&
        Number.isNaN(Date.parse(value as string))
      )
        out.push(`${at}: ${JSON.stringify(value)} is not a date-time`);
      return;
    case 'integer':
      if (actual !== 'integer') out.push(`${at}: expected an integer, got ${actual}`);
      return;
    case 'number':
      if (actual !== 'integer' && actual !== 'number') out.push(`${at}: expected a number, got ${actual}`);
      return;
    case 'boolean':
      if (actual !== 'boolean') out.push(`${at}: expected a boolean, got ${actual}`);
      return;
    case 'array':
      if (actual !== 'array') out.push(`${at}: expected an array, got ${actual}`);
      else if (schema.items)
        (value as unknown[]).forEach((v, i) => walk(doc, schema.items as Schema, v, `${at}[${i}]`, out));
      return;
    case 'any':
      return;
    case 'object':
    case undefined: {
      if (actual !== 'object') {
        out.push(`${at}: expected an object, got ${actual}`);
        return;
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const prop = schema.properties?.[k] ?? schema.additionalProperties;
        if (!prop) out.push(`${at}.${k}: not a property of this schema`);
        else walk(doc, prop, v, `${at}.${k}`, out);
      }
      return;
    }
    default:
      out.push(`${at}: unknown schema type ${schema.type}`);
  }
}

/**
 * Problems of `value` as an instance of `schema` in the discovery document `api` ("compute.v1"); empty
 * when it conforms.
 */
export function validateDiscovery(api: string, schema: string, value: unknown): string[] {
  const doc = load(api);
  const out: string[] = [];
  walk(doc, { $ref: schema }, value, schema, out);
  return out;
}
