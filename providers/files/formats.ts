// The three file formats (spec §5.6 "How the per-file results are combined"): each turns one file's
// byte stream into the raw items of one command, streaming, and refuses a file of the wrong shape with
// a FileDataError naming it (spec §12: the original only logged parse errors and went on).
import type { Readable } from 'node:stream';
import { FileDataError } from './errors.js';
import { isObject } from './record.js';
import { JsonSyntaxError, valuesAt, type JsonPath, type ValueKind } from './json-stream.js';

/** One file → its raw items, in a stable order (the page token counts them to resume). */
export type Extract = (input: Readable, file: string) => AsyncGenerator<unknown>;

async function* named(file: string, gen: AsyncGenerator<unknown>): AsyncGenerator<unknown> {
  try {
    yield* gen;
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new FileDataError(file, `not JSON (${err.message})`, err);
    throw err;
  }
}

function expectRoot(file: string): (path: JsonPath, kind: ValueKind) => void {
  return (path, kind) => {
    if (path.length === 0 && kind !== 'object')
      throw new FileDataError(file, `expected a JSON object at the top level, found ${kind}`);
  };
}

/**
 * Maestro JSON templates (spec §6.9): the items of the top-level array `key` (`servers`,
 * `applications`...). A file without that key has nothing for this task (one file may hold several
 * entities); a `key` that is not an array of objects is refused, and so is an item `check` refuses
 * (e.g. one without any field its `unique_id` can come from).
 */
export function maestroItems(
  key: string,
  check?: (item: Record<string, unknown>) => string | undefined,
): Extract {
  return (input, file) =>
    named(
      file,
      (async function* () {
        const root = expectRoot(file);
        let any = false;
        for await (const { path, value } of valuesAt(
          input,
          (p) => p.length === 2 && p[0] === key,
          (p, kind) => {
            any = true;
            root(p, kind);
            if (p.length === 1 && p[0] === key && kind !== 'array')
              throw new FileDataError(file, `"${key}" must be an array, found ${kind}`);
          },
        )) {
          if (!isObject(value)) throw new FileDataError(file, `${key}[${String(path[1])}] is not an object`);
          const problem = check?.(value);
          if (problem) throw new FileDataError(file, `${key}[${String(path[1])}] ${problem}`);
          yield value;
        }
        if (!any) throw new FileDataError(file, 'empty file');
      })(),
    );
}

/** Largest Ansible facts file read (one host's facts are tens of KB; this bounds a wrong file). */
export const ANSIBLE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Ansible facts (spec §6.10): one host per file, as written by `ansible -m setup --tree <dir>`
 * (`{"ansible_facts": {...}}`) or by the `jsonfile` fact cache (the facts object itself). One item:
 * the facts object.
 */
export const ansibleFacts: Extract = (input, file) =>
  named(
    file,
    (async function* () {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of input) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        size += buf.length;
        if (size > ANSIBLE_MAX_BYTES)
          throw new FileDataError(file, `larger than ${ANSIBLE_MAX_BYTES} bytes: not an Ansible facts file`);
        chunks.push(buf);
      }
      let doc: unknown;
      try {
        doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        throw new FileDataError(file, `not JSON (${(err as Error).message})`, err);
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw new FileDataError(file, 'expected a JSON object at the top level');
      const wrapped = (doc as Record<string, unknown>).ansible_facts;
      const facts = wrapped === undefined ? doc : wrapped;
      if (typeof facts !== 'object' || facts === null || Array.isArray(facts))
        throw new FileDataError(file, '"ansible_facts" is not an object');
      if (!Object.keys(facts).some((k) => k.startsWith('ansible_')))
        throw new FileDataError(file, 'no Ansible facts (no ansible_* key)');
      yield facts;
    })(),
  );

/** One managed resource instance of a Terraform state, whatever JSON form it came in. */
export interface TerraformInstance {
  type: string;
  name?: string;
  module?: string;
  /** `for_each` key or `count` index. */
  index_key?: string | number;
  attributes: Record<string, unknown>;
}

/** `values.root_module(.child_modules[n])*.resources[n]`, optionally under `prior_state` (a plan). */
function isShowJsonResource(p: JsonPath): boolean {
  let i = p[0] === 'prior_state' ? 1 : 0;
  if (p[i] !== 'values' || p[i + 1] !== 'root_module') return false;
  i += 2;
  while (p[i] === 'child_modules' && typeof p[i + 1] === 'number') i += 2;
  return p.length === i + 2 && p[i] === 'resources' && typeof p[i + 1] === 'number';
}

const isStateResource = (p: JsonPath): boolean =>
  p.length === 2 && p[0] === 'resources' && typeof p[1] === 'number';

/**
 * Terraform state (spec §5.6, §6.11): the instances of the managed resources whose type is in
 * `types`, flattened. Reads the state file format 4 (Terraform ≥ 0.12: `resources[].instances[]`)
 * and `terraform show -json` output (`values.root_module` with its child modules), of a state or of a
 * plan (`prior_state`; the planned values are not inventory). Data sources (`mode: "data"`) are not
 * resources Terraform manages and are left out. A format-3 state (Terraform < 0.12) is refused.
 */
export function terraformInstances(types: readonly string[]): Extract {
  const wanted = new Set(types);
  return (input, file) =>
    named(
      file,
      (async function* () {
        const root = expectRoot(file);
        let any = false;
        let resources = 0;
        for await (const { path, value } of valuesAt(
          input,
          (p) => isStateResource(p) || isShowJsonResource(p) || (p.length === 1 && p[0] === 'version'),
          (p, kind) => {
            any = true;
            root(p, kind);
          },
        )) {
          if (path.length === 1) {
            if (typeof value !== 'number' || value < 4)
              throw new FileDataError(
                file,
                `state format version ${String(value)} is not supported (Terraform >= 0.12 writes version 4)`,
              );
            continue;
          }
          resources += 1;
          if (!isObject(value)) throw new FileDataError(file, `${path.join('.')} is not an object`);
          if (value.mode !== undefined && value.mode !== 'managed') continue;
          if (typeof value.type !== 'string' || !wanted.has(value.type)) continue;
          if (isStateResource(path)) {
            const instances = value.instances;
            if (!Array.isArray(instances))
              throw new FileDataError(file, `resources[${String(path[1])}].instances is not an array`);
            for (const inst of instances) {
              if (!isObject(inst) || !isObject(inst.attributes))
                throw new FileDataError(
                  file,
                  `resources[${String(path[1])}] has an instance without attributes`,
                );
              yield compactInstance({
                type: value.type,
                name: value.name as string | undefined,
                module: value.module as string | undefined,
                index_key: inst.index_key as string | number | undefined,
                attributes: inst.attributes,
              });
            }
          } else {
            if (!isObject(value.values)) throw new FileDataError(file, `${path.join('.')} has no values`);
            yield compactInstance({
              type: value.type,
              name: value.name as string | undefined,
              module: moduleOf(value.address),
              index_key: value.index as string | number | undefined,
              attributes: value.values,
            });
          }
        }
        if (!any && resources === 0) throw new FileDataError(file, 'empty file');
      })(),
    );
}

/** `module.a.module.b.aws_instance.x[0]` → `module.a.module.b` (the state v4 `module` field's form). */
function moduleOf(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined;
  const m = /^((?:module\.[^.[\]]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  const prefix = m?.[1] ?? '';
  return prefix === '' ? undefined : prefix.slice(0, -1);
}

function compactInstance(i: TerraformInstance): TerraformInstance {
  const out: TerraformInstance = { type: i.type, attributes: i.attributes };
  if (i.name !== undefined) out.name = i.name;
  if (i.module !== undefined) out.module = i.module;
  if (i.index_key !== undefined && i.index_key !== null) out.index_key = i.index_key;
  return out;
}
