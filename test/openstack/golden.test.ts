// Golden documents for every OpenStack task (spec §6.8 mapping tables, with the §12 fixes): each task's
// commands listed page by page from the fake behind real Keystone, normalized, and compared with
// test/fixtures/openstack/golden/<task>.json. The project id Keystone makes per run is written as
// `<project>`. GOLDEN_UPDATE=1 rewrites the files (then review them by hand against the spec).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LINKS, type MappingContext, type NormalizedRecord } from '../../core/model.js';
import { COMMANDS, TASKS, type CommandId } from '../../providers/openstack/commands.js';
import { parseOpenStackCredentials } from '../../providers/openstack/credentials.js';
import { KeystoneSession } from '../../providers/openstack/keystone.js';
import { listCommandPage } from '../../providers/openstack/listing.js';
import { OpenStackServices } from '../../providers/openstack/services.js';
import { startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';

const GOLDEN = join(import.meta.dirname, '../fixtures/openstack/golden');
const CTX: MappingContext = {
  connectionId: 'conn-openstack-1',
  dc: 'Openstack',
  dcId: 'dc-openstack-1',
  provider: 'OpenStack',
  region: 'RegionOne',
};

let env: OpenStackEnv;
before(async () => {
  env = await startOpenStackEnv({
    regions: ['RegionOne'],
    counts: {
      servers: 7,
      images: 3,
      volumes: 5,
      snapshots: 4,
      networks: 2,
      subnets: 2,
      ports: 2,
      routers: 2,
      security_groups: 2,
      loadbalancers: 3,
    },
  });
});
after(async () => env?.stop());

async function crawl(services: OpenStackServices, command: CommandId): Promise<NormalizedRecord[]> {
  const out: NormalizedRecord[] = [];
  let token: string | undefined;
  do {
    const page = await listCommandPage(services, command, {
      region: 'RegionOne',
      pageSize: 3,
      token,
      signal: AbortSignal.timeout(20_000),
    });
    for (const raw of page.items) out.push(...COMMANDS[command].normalize(raw, CTX));
    token = page.nextToken;
  } while (token);
  return out;
}

/** JSON of the records (Dates as ISO strings, link tokens shown as `links`), the run's project id masked. */
function render(records: NormalizedRecord[]): string {
  const shown = records.map((r) => ({ ...r, ...(r[LINKS] ? { '(links)': r[LINKS] } : {}) }));
  return `${JSON.stringify(shown, null, 2).replaceAll(env.user.projectId, '<project>')}\n`;
}

function check(name: string, text: string): void {
  const file = join(GOLDEN, `${name}.json`);
  if (process.env.GOLDEN_UPDATE === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    if (process.env.GOLDEN_UPDATE !== '1') assert.fail(`${file} did not exist: written, review it`);
    return;
  }
  // Compared as data: the files are kept in Prettier's layout (run it after GOLDEN_UPDATE=1).
  assert.deepEqual(
    JSON.parse(text),
    JSON.parse(readFileSync(file, 'utf8')),
    `${name} differs from its golden file`,
  );
}

function fieldsHold(command: CommandId, records: NormalizedRecord[]): void {
  const declared = new Set<string>(COMMANDS[command].fields);
  for (const r of records) {
    for (const k of Object.keys(r)) assert.ok(declared.has(k), `${command}: field ${k} not declared`);
    assert.ok(!JSON.stringify(r).includes('null'), `${command}: null stored in ${r.unique_id}`);
  }
  assert.equal(
    new Set(records.map((r) => r.unique_id)).size,
    records.length,
    `${command}: unique_id repeated`,
  );
}

void describe('OpenStack golden documents', () => {
  for (const [task, commands] of Object.entries(TASKS)) {
    void it(task, async () => {
      const services = new OpenStackServices(
        new KeystoneSession(parseOpenStackCredentials(env.decoded, env.connFields)),
      );
      const records: NormalizedRecord[] = [];
      for (const c of commands) {
        const got = await crawl(services, c);
        fieldsHold(c, got);
        records.push(...got);
      }
      assert.ok(records.length > 0);
      check(task, render(records));
      assert.deepEqual(env.fake.server.violations, []);
    });
  }

  void it('server-list at compute 2.1 (api_version cap): cpu/memory from the flavor cache', async () => {
    const services = new OpenStackServices(
      new KeystoneSession(parseOpenStackCredentials(env.decoded, { ...env.connFields, api_version: '2.1' })),
    );
    const before = env.fake.server.requests.length;
    const records = await crawl(services, 'compute.servers');
    fieldsHold('compute.servers', records);
    check('server-list-v2.1', render(records));
    const flavorGets = env.fake.server.requests.slice(before).filter((r) => r.route === 'nova-flavor');
    // One GET per distinct flavor, however many servers and pages use it.
    const distinct = new Set(
      env.fake.items('servers', 'RegionOne').map((s) => (s.flavor as { id: string }).id),
    );
    assert.equal(flavorGets.length, distinct.size);
    assert.deepEqual(env.fake.microversions.slice(-3), ['2.1', '2.1', '2.1']);
  });
});
