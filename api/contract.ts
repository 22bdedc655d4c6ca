import type { ProviderDefinition } from '../providers/types.js';

/**
 * What the route schemas cannot say by themselves, added to the OpenAPI document (`/docs/json`), which is
 * the contract clients generate code from and the fuzzer (`npm run fuzz`) holds the API to:
 *
 * - the provider names the handlers accept (a provider's id, label and service keys);
 * - per provider, the body of `POST /v1/connections`: its region codes and its required credential fields;
 * - the tasks of the registered providers;
 * - OpenAPI links: from a created connection to every operation on its id, from a started crawl to its
 *   status and cancellation, from a created schedule to its operations, from an inventory page to a
 *   resource.
 *
 * The route schemas stay the looser shapes Fastify validates with (their errors name the field); the
 * handlers enforce the rest with their own messages (services/connections.ts, services/crawls.ts). The
 * document states exactly what they enforce — the fuzzer's positive and negative checks fail on any drift.
 * See docs/api.md ("The contract").
 */

type Json = Record<string, unknown>;

/** JavaScript's whitespace (String.prototype.trim, RegExp \s) and Python's (str.isspace), as one class. */
const WS =
  '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\x1c-\\x1f\\x85';
/** At least one character that no engine counts as whitespace (a name the handlers do not trim to ""). */
export const NON_BLANK = `[^${WS}]`;

/**
 * The names a provider is registered under (registry.find also matches them in any case and without
 * spaces: the document lists the spellings clients send, the handler is lenient beyond them).
 */
export function providerNames(providers: readonly ProviderDefinition[]): string[] {
  const names = providers.flatMap((p) => [p.id, p.label, ...p.services]).map((n) => n.trim());
  return [...new Set([...names, ...names.map((n) => n.toLowerCase())])];
}

/** The regions of a provider with a region list: codes and labels (the handler reads the code). */
function regionNames(regions: readonly string[]): string[] {
  return [...new Set([...regions.map((r) => r.trim().split(/\s+/)[0] ?? ''), ...regions, 'all'])].filter(
    Boolean,
  );
}

function connectionBody(p: ProviderDefinition, base: Json): Json {
  const props = (base.properties ?? {}) as Json;
  const required = p.catalogue.credentialFields.filter((f) => !f.optional).map((f) => f.name);
  const known = p.catalogue.regions ?? [];
  const regions = props.regions as Json;
  return {
    ...base,
    properties: {
      ...props,
      provider: { type: 'string', enum: providerNames([p]), description: `${p.label}: any of its names` },
      regions:
        known.length > 0 ? { ...regions, items: { type: 'string', enum: regionNames(known) } } : regions,
      credentials: {
        type: 'object',
        description: `${p.label} credentials (${p.catalogue.credentialFields.map((f) => f.name).join(', ')}); stored encrypted, never returned.`,
        required,
        properties: Object.fromEntries(
          p.catalogue.credentialFields.map((f) => [
            f.name,
            // An optional field's type is the provider's (parseCredentials): some take a string or
            // nothing, some ignore what they do not use; the document does not claim more than that.
            f.optional
              ? { description: `${f.label} (optional)` }
              : { type: 'string', minLength: 1, description: f.label },
          ]),
        ),
      },
    },
  };
}

const CONNECTION_ID = { id: '$response.body#/id' };
const FROM_CRAWL = { id: '$response.body#/connectionId', task: '$response.body#/task' };

/** operationRef of an operation of this document. */
function ref(path: string, method: string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
}

function links(
  paths: Record<string, Record<string, Json>>,
  from: [string, string, string],
  to: Array<[string, string, Record<string, string>]>,
): void {
  const response = ((paths[from[0]]?.[from[1]]?.responses ?? {}) as Record<string, Json>)[from[2]];
  if (!response) return;
  response.links = Object.fromEntries(
    to
      .filter(([path, method]) => paths[path]?.[method])
      .map(([path, method, parameters]) => [
        `${method}${path.replace(/^\/v1/, '').replace(/[{}]/g, '').replace(/\//g, '_')}`,
        { operationRef: ref(path, method), parameters },
      ]),
  );
}

/** The document with the contract above added (a new object; `doc` is not changed). */
export function refineDocument(doc: Json, providers: readonly ProviderDefinition[]): Json {
  const out = structuredClone(doc);
  const paths = (out.paths ?? {}) as Record<string, Record<string, Json>>;
  const names = providerNames(providers);
  const tasks = [...new Set(providers.flatMap((p) => Object.keys(p.tasks)))].sort();

  for (const [path, ops] of Object.entries(paths)) {
    if (!path.startsWith('/v1')) continue;
    for (const op of Object.values(ops)) {
      for (const param of (op.parameters ?? []) as Json[]) {
        const schema = param.schema as Json | undefined;
        if (!schema) continue;
        if (param.name === 'provider' && param.in === 'query') schema.enum = names;
        if (param.name === 'task' && (param.in === 'path' || param.in === 'query')) schema.enum = tasks;
      }
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const bodySchema = body?.['application/json']?.schema as Json | undefined;
      if (bodySchema?.properties && 'task' in (bodySchema.properties as Json))
        ((bodySchema.properties as Json).task as Json).enum = tasks;
    }
  }

  const create = paths['/v1/connections']?.post;
  const content = (create?.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const json = content?.['application/json'];
  if (json?.schema) {
    const base = json.schema as Json;
    json.schema = {
      description: 'One branch per provider: its names, its region codes, its required credential fields.',
      anyOf: providers.map((p) => connectionBody(p, base)),
    };
  }

  const onConnection: Array<[string, string, Record<string, string>]> = [
    ['/v1/connections/{id}', 'get', CONNECTION_ID],
    ['/v1/connections/{id}', 'patch', CONNECTION_ID],
    ['/v1/connections/{id}', 'delete', CONNECTION_ID],
    ['/v1/connections/{id}/test', 'post', CONNECTION_ID],
    ['/v1/connections/{id}/crawls', 'post', CONNECTION_ID],
    ['/v1/connections/{id}/schedules', 'post', CONNECTION_ID],
    ['/v1/connections/{id}/schedules', 'get', CONNECTION_ID],
    ['/v1/crawls', 'get', { connection: '$response.body#/id' }],
    ['/v1/inventory/{entity}', 'get', { connection: '$response.body#/id' }],
  ];
  links(paths, ['/v1/connections', 'post', '201'], onConnection);
  links(
    paths,
    ['/v1/connections/{id}/crawls', 'post', '202'],
    [
      ['/v1/connections/{id}/crawls/{task}', 'get', FROM_CRAWL],
      ['/v1/connections/{id}/crawls/{task}', 'delete', FROM_CRAWL],
      ['/v1/crawls/{id}', 'get', { id: '$response.body#/id' }],
    ],
  );
  links(
    paths,
    ['/v1/connections/{id}/schedules', 'post', '201'],
    [
      ['/v1/connections/{id}/schedules/{task}', 'get', FROM_CRAWL],
      ['/v1/connections/{id}/schedules/{task}', 'delete', FROM_CRAWL],
      ['/v1/connections/{id}/schedules/{task}/pause', 'post', FROM_CRAWL],
      ['/v1/connections/{id}/schedules/{task}/resume', 'post', FROM_CRAWL],
    ],
  );
  links(
    paths,
    ['/v1/inventory/{entity}', 'get', '200'],
    [
      [
        '/v1/inventory/{entity}/{id}',
        'get',
        { entity: '$request.path.entity', id: '$response.body#/items/0/id' },
      ],
    ],
  );
  return out;
}
