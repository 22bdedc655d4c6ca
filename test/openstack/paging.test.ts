// Marker paging of every OpenStack list operation against the fake behind real Keystone: ≥ 3 pages per
// list, each page one request, the next marker taken from the service's own next link, no empty page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMANDS, type CommandId } from '../../providers/openstack/commands.js';
import { parseOpenStackCredentials } from '../../providers/openstack/credentials.js';
import { KeystoneSession } from '../../providers/openstack/keystone.js';
import { listCommandPage } from '../../providers/openstack/listing.js';
import { OpenStackServices } from '../../providers/openstack/services.js';
import { startOpenStackEnv, type OpenStackEnv } from '../harness/openstack-env.js';

const PAGE = 3;
const COUNT = 8; // 3 + 3 + 2: three pages, the last one short

let env: OpenStackEnv;
before(async () => {
  env = await startOpenStackEnv({
    regions: ['RegionOne'],
    counts: Object.fromEntries(
      [
        'servers',
        'images',
        'volumes',
        'snapshots',
        'networks',
        'subnets',
        'ports',
        'routers',
        'security_groups',
        'loadbalancers',
      ].map((c) => [c, COUNT]),
    ),
  });
});
after(async () => env?.stop());

const collectionOf: Record<CommandId, string> = {
  'compute.servers': 'servers',
  'compute.flavors': 'flavors-2.75', // negotiated 2.100: the 2.75 shape
  'image.images': 'images',
  'block_store.volumes': 'volumes',
  'block_store.snapshots': 'snapshots',
  'network.networks': 'networks',
  'network.subnets': 'subnets',
  'network.ports': 'ports',
  'network.routers': 'routers',
  'network.security_groups': 'security_groups',
  'load_balancer.load_balancers': 'loadbalancers',
};

void describe('OpenStack marker paging', () => {
  for (const command of Object.keys(COMMANDS) as CommandId[]) {
    void it(`${command}: every item once, over ≥ 3 pages, no empty extra page`, async () => {
      const services = new OpenStackServices(
        new KeystoneSession(parseOpenStackCredentials(env.decoded, env.connFields)),
      );
      const expected = env.fake.items(collectionOf[command] as never, 'RegionOne').map((i) => String(i.id));
      const before = env.fake.server.requests.length;
      const seen: string[] = [];
      const tokens: (string | undefined)[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await listCommandPage(services, command, {
          region: 'RegionOne',
          pageSize: PAGE,
          token,
          signal: AbortSignal.timeout(20_000),
        });
        pages++;
        assert.ok(page.items.length > 0, 'no empty page');
        seen.push(...page.items.map((i) => String((i as { id: string }).id)));
        token = page.nextToken;
        tokens.push(token);
      } while (token !== undefined && pages < 50);
      assert.deepEqual(seen, expected);
      const wantPages = Math.ceil(expected.length / PAGE);
      assert.equal(pages, wantPages);
      assert.ok(pages >= 3, `${pages} pages`);
      // The tokens are the markers: the last id of each full page.
      assert.deepEqual(
        tokens.slice(0, -1),
        expected.filter((_, i) => (i + 1) % PAGE === 0).slice(0, pages - 1),
      );
      const listed = env.fake.server.requests
        .slice(before)
        .filter((r) => r.route !== 'nova-version' && r.route !== 'nova-flavor');
      assert.equal(listed.length, pages, 'one request per page');
      assert.deepEqual(env.fake.server.violations, []);
    });
  }
});
