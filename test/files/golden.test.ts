// Golden documents of every file-source command (spec §6.9–§6.11), read through the real extractors
// from the fixture files, and the refusals of malformed files (a FileDataError naming the file).
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { LINKS, type NormalizedRecord } from '../../core/model.js';
import { ANSIBLE_KINDS } from '../../providers/ansible/kinds.js';
import { FILE_KINDS } from '../../providers/file/kinds.js';
import { FileDataError } from '../../providers/files/errors.js';
import type { FileKind } from '../../providers/files/kind.js';
import { TERRAFORM_KINDS } from '../../providers/terraform/kinds.js';
import { CTX, FIXTURES, golden, kindOf, readKind } from './golden-support.js';

const MAESTRO = ['maestro/inventory.json', 'maestro/more.json'];
const ANSIBLE = ['ansible/web-01.json', 'ansible/db-01.json'];
const TERRAFORM = ['terraform/terraform.tfstate', 'terraform/show.json', 'terraform/plan.json'];

const CASES: Array<[readonly FileKind[], string, string[]]> = [
  ...FILE_KINDS.map((k): [readonly FileKind[], string, string[]] => [FILE_KINDS, k.command, MAESTRO]),
  ...ANSIBLE_KINDS.map((k): [readonly FileKind[], string, string[]] => [ANSIBLE_KINDS, k.command, ANSIBLE]),
  ...TERRAFORM_KINDS.map((k): [readonly FileKind[], string, string[]] => [
    TERRAFORM_KINDS,
    k.command,
    TERRAFORM,
  ]),
];

void describe('file sources: golden documents', () => {
  for (const [kinds, command, files] of CASES) {
    void it(`${command} matches golden/${command}.json`, async () => {
      const kind = kindOf(kinds, command);
      const records = await readKind(kind, files);
      assert.deepEqual(records, await golden(command));
      // Only declared fields, no absent values stored.
      for (const r of records as Array<Record<string, unknown>>) {
        for (const k of Object.keys(r))
          assert.ok(kind.fields.includes(k), `${command}: undeclared field ${k}`);
        assert.ok(!JSON.stringify(r).includes('null'), `${command}: null stored in ${JSON.stringify(r)}`);
      }
    });
  }

  void it('stores dates as dates (snapshots start_time)', async () => {
    const kind = kindOf(FILE_KINDS, 'maestro_snapshots');
    const [item] = await collect(
      kind,
      JSON.stringify({ snapshots: [{ name: 's', start_time: '2026-11-30T02:00:00Z' }] }),
    );
    const [record] = kindOf(FILE_KINDS, 'maestro_snapshots').normalize(item, CTX);
    assert.ok(record?.start_time instanceof Date);
    assert.equal(record.start_time.toISOString(), '2026-11-30T02:00:00.000Z');
  });

  void it('hands Terraform application tags to linking (spec §6.4)', async () => {
    const kind = kindOf(TERRAFORM_KINDS, 'statefile_instances');
    const records: NormalizedRecord[] = [];
    for await (const item of kind.extract(createReadStream(join(FIXTURES, TERRAFORM[0] as string)), 'state'))
      records.push(...kind.normalize(item, CTX));
    const web0 = records.find((r) => r.unique_id === 'i-0a1b2c3d4e5f60001');
    assert.deepEqual(web0?.[LINKS], { applicationNames: ['shop', 'checkout'], applicationIds: [] });
    assert.equal(records.find((r) => r.unique_id === 'i-0a1b2c3d4e5f60002')?.[LINKS], undefined);
  });

  void it('Ansible: the original crashed on non-AWS link ids and wrote IPv6 into ipv4_public', async () => {
    const records = (await readKind(kindOf(ANSIBLE_KINDS, 'ansible_facts'), ANSIBLE)) as Array<
      Record<string, unknown>
    >;
    for (const r of records) {
      const ip = r.ipv4_public;
      assert.ok(ip === undefined || /^\d+\.\d+\.\d+\.\d+$/.test(ip as string), `ipv4_public ${String(ip)}`);
    }
    const ids = records.flatMap((r) => (r.storage as Array<{ unique_id: string }>).map((s) => s.unique_id));
    assert.ok(ids.includes('wwn-0x5000c500a1b2c3d4'), 'non-AWS link ids: last id');
    assert.ok(!ids.includes('vol-group'), 'dm-name-volgroup-root is not an AWS volume');
    assert.equal(new Set(ids).size, ids.length, 'device ids are unique across hosts');
  });
});

async function collect(kind: FileKind, text: string, name = 'inline.json'): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of kind.extract(Readable.from([text]), name)) out.push(item);
  return out;
}

async function refusal(kind: FileKind, text: string, name: string): Promise<FileDataError> {
  try {
    await collect(kind, text, name);
  } catch (err) {
    assert.ok(err instanceof FileDataError, `expected FileDataError, got ${String(err)}`);
    assert.equal(err.file, name);
    assert.equal(err.retryable, false);
    return err;
  }
  assert.fail(`${name} was accepted`);
}

void describe('file sources: malformed files are refused by name', () => {
  const servers = kindOf(FILE_KINDS, 'maestro_template');
  const facts = kindOf(ANSIBLE_KINDS, 'ansible_facts');
  const state = kindOf(TERRAFORM_KINDS, 'statefile_instances');

  void it('text that is not JSON', async () => {
    const e = await refusal(servers, 'hostname: web-01\n', 'hosts.yml');
    assert.match(e.reason, /not JSON/);
    assert.match((await refusal(facts, '{"ansible_facts": ', 'web.json')).reason, /not JSON/);
  });

  void it('a truncated document', async () => {
    const e = await refusal(servers, '{"servers": [ {"hostname": "a"}, ', 'cut.json');
    assert.match(e.reason, /not JSON/);
  });

  void it('a Maestro key that is not an array, an item that is not an object or has no id', async () => {
    assert.match(
      (await refusal(servers, '{"servers": {"hostname": "a"}}', 'a.json')).reason,
      /must be an array/,
    );
    assert.match(
      (await refusal(servers, '{"servers": ["a"]}', 'b.json')).reason,
      /servers\[0\] is not an object/,
    );
    const e = await refusal(servers, '{"servers": [{"hostname": "a"}, {"os": {"base": "Linux"}}]}', 'c.json');
    assert.match(e.reason, /servers\[1\] has none of unique_id, hostname, name, ipv4_private/);
  });

  void it('a top level that is not an object', async () => {
    assert.match((await refusal(servers, '[1, 2]', 'list.json')).reason, /top level/);
    assert.match((await refusal(state, '"state"', 's.json')).reason, /top level/);
  });

  void it('an empty file', async () => {
    assert.match((await refusal(servers, '', 'empty.json')).reason, /empty file|not JSON/);
  });

  void it('a file without facts, or facts without any host identity', async () => {
    assert.match(
      (await refusal(facts, '{"changed": false, "msg": "unreachable"}', 'h.json')).reason,
      /no Ansible facts/,
    );
    const e = await refusal(facts, '{"ansible_facts": {"ansible_system": "Linux"}}', 'anon.json');
    assert.match(e.reason, /no host identity/);
  });

  void it('a Terraform < 0.12 state (format 3)', async () => {
    const e = await refusal(
      state,
      '{"version": 3, "modules": [{"path": ["root"], "resources": {}}]}',
      'old.tfstate',
    );
    assert.match(e.reason, /state format version 3 is not supported/);
  });

  void it('a file without the task key has nothing for the task (one file may hold several entities)', async () => {
    assert.deepEqual(await collect(servers, '{"applications": [{"name": "x"}]}'), []);
  });
});
