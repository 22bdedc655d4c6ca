// DigitalOcean's vendored OpenAPI document (test/fixtures/digitalocean/openapi.json, trimmed by
// trim-spec.py): the response examples the fake serves and the schemas it validates them against.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

export const SPEC_PATH = fileURLToPath(
  new URL('../../../test/fixtures/digitalocean/openapi.json', import.meta.url),
);

type Json = Record<string, unknown>;

let cached: Json | undefined;
export function doSpec(): Json {
  cached ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
  return cached;
}

/** Follows `#/components/...` references. */
export function resolve(node: unknown): Json {
  let n = node as Json;
  for (let hops = 0; typeof n?.$ref === 'string' && hops < 20; hops += 1) {
    const [, , kind, name] = n.$ref.split('/');
    n = ((doSpec().components as Json)[kind as string] as Json)[name as string] as Json;
  }
  return n;
}

function operation(path: string): Json {
  const op = ((doSpec().paths as Json)[path] as Json | undefined)?.get as Json | undefined;
  if (!op) throw new Error(`DigitalOcean spec: no GET ${path}`);
  return op;
}

function jsonContent(path: string, status: string): Json {
  const res = resolve((operation(path).responses as Json)[status]);
  return (res.content as Json)['application/json'] as Json;
}

/** Every example body of `GET path`'s answer `status` (the `examples` map, or the single `example`). */
export function exampleBodies(path: string, status = '200'): Json[] {
  const c = jsonContent(path, status);
  if (c.examples) return Object.values(c.examples as Json).map((e) => resolve(e).value as Json);
  const one = (c.example ?? resolve(c.schema).example) as Json | undefined;
  return one ? [one] : [];
}

/** The query parameters `GET path` declares. */
export function queryParameters(path: string): Set<string> {
  const params = ((operation(path).parameters as unknown[]) ?? []).map(resolve);
  return new Set(params.filter((p) => p.in === 'query').map((p) => p.name as string));
}

const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * The validator of `GET path`'s 200 body schema. OpenAPI 3.0 schemas: `nullable` is understood by
 * Ajv; `example` and `x-` keywords are not JSON Schema, hence strict off; formats are not checked.
 */
export function bodyValidator(path: string): ValidateFunction {
  let v = validators.get(path);
  if (!v) {
    ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false, discriminator: false });
    v = ajv.compile(inline(jsonContent(path, '200').schema, 0) as object);
    validators.set(path, v);
  }
  return v;
}

/** The schema with every `$ref` replaced by its target (Ajv cannot follow OpenAPI component refs). */
function inline(node: unknown, depth: number): unknown {
  if (depth > 60) return {};
  if (Array.isArray(node)) return node.map((n) => inline(n, depth + 1));
  if (node && typeof node === 'object') {
    const n = node as Json;
    if (typeof n.$ref === 'string') return inline(resolve(n), depth + 1);
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, inline(v, depth + 1)]));
  }
  return node;
}
