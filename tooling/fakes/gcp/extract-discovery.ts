// Writes test/fixtures/gcp/discovery/*.json: the parts of Google's discovery documents that the GCP fake
// serves (the response schemas of its routes and every schema they reference), with the prose removed.
// Source: the google-api-python-client wheel (Apache-2.0), which ships the documents under
// googleapiclient/discovery_cache/documents/. Usage, from the repository root:
//   pip download --no-deps google-api-python-client==2.187.0 -d /tmp/gapi && (cd /tmp/gapi && unzip -o -q *.whl)
//   node --import tsx tooling/fakes/gcp/extract-discovery.ts /tmp/gapi/googleapiclient/discovery_cache/documents
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Per document: the schemas the fake's routes answer with (roots of the reference closure). */
export const ROOTS: Record<string, string[]> = {
  'compute.v1': [
    'InstanceAggregatedList',
    'DiskAggregatedList',
    'SnapshotList',
    'ImageList',
    'NetworkList',
    'SubnetworkAggregatedList',
    'RouteList',
    'FirewallList',
    'ForwardingRuleAggregatedList',
    'BackendServiceAggregatedList',
    'MachineTypeAggregatedList',
  ],
  'cloudresourcemanager.v3': [
    'SearchProjectsResponse',
    'ListProjectsResponse',
    'Project',
    'ListFoldersResponse',
  ],
  'storage.v1': ['Buckets'],
};

type Json = Record<string, unknown>;

const PROSE = new Set(['description', 'enumDescriptions', 'enumDeprecated']);

/** A schema without its prose (description, enumDescriptions), recursively; `properties` keys are names, kept. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (PROSE.has(k)) continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([name, s]) => [name, strip(s)]))
        : strip(v);
  }
  return out;
}

function refs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => refs(n, into));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else refs(v, into);
    }
  }
}

function extract(doc: Json, roots: string[]): Json {
  const all = doc.schemas as Record<string, unknown>;
  const keep = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (keep.has(name)) continue;
    if (!(name in all)) throw new Error(`schema ${name} not in ${String(doc.id)}`);
    keep.add(name);
    const found = new Set<string>();
    refs(all[name], found);
    todo.push(...found);
  }
  const schemas: Json = {};
  for (const name of [...keep].sort()) schemas[name] = strip(all[name]);
  return { id: doc.id, revision: doc.revision, roots, schemas };
}

if (process.argv[1]?.endsWith('extract-discovery.ts')) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: extract-discovery.ts <discovery_cache/documents folder>');
  for (const [name, roots] of Object.entries(ROOTS)) {
    const doc = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Json;
    const out = join('test/fixtures/gcp/discovery', `${name}.json`);
    writeFileSync(out, `${JSON.stringify(extract(doc, roots))}\n`);
    console.log(`${out}: revision ${String(doc.revision)}`);
  }
}
