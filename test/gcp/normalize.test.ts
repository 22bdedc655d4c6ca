// GCP normalizers on the hand-written REST payloads of test/fixtures/gcp/ (each valid against Google's
// discovery documents: see fake-server.test.ts), compared with golden files that write docs/gcp.md's
// mapping tables down, plus the rules that the golden files alone would not pin.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LINKS, type NormalizedRecord } from '../../core/model.js';
import { normalizeBackendService } from '../../providers/gcp/resources/backend-services.js';
import { normalizeBucket } from '../../providers/gcp/resources/buckets.js';
import { normalizeDisk } from '../../providers/gcp/resources/disks.js';
import { normalizeFirewall } from '../../providers/gcp/resources/firewalls.js';
import { normalizeForwardingRule } from '../../providers/gcp/resources/forwarding-rules.js';
import { normalizeImage } from '../../providers/gcp/resources/images.js';
import {
  customMachineType,
  MACHINE_TYPE_FIELD,
  normalizeInstance,
} from '../../providers/gcp/resources/instances.js';
import { normalizeNetwork } from '../../providers/gcp/resources/networks.js';
import { normalizeRoute } from '../../providers/gcp/resources/routes.js';
import { normalizeSnapshot } from '../../providers/gcp/resources/snapshots.js';
import { normalizeSubnetwork } from '../../providers/gcp/resources/subnetworks.js';
import { assertGcpGolden, assertNoEmptyValues, GCP_CTX, readGcpFixture } from '../harness/gcp-golden.js';

type Normalize = (raw: unknown, ctx: typeof GCP_CTX) => NormalizedRecord[];

const N2_STANDARD_4 = { guestCpus: 4, memoryMb: 16384 };

const CASES: Array<[golden: string, normalize: Normalize, fixtures: unknown[]]> = [
  [
    'instances',
    normalizeInstance,
    [
      { ...readGcpFixture('instance'), [MACHINE_TYPE_FIELD]: N2_STANDARD_4 },
      readGcpFixture('instance-terminated'),
    ],
  ],
  ['disks', normalizeDisk, [readGcpFixture('disk')]],
  ['snapshots', normalizeSnapshot, [readGcpFixture('snapshot')]],
  ['images', normalizeImage, [readGcpFixture('image')]],
  ['forwarding-rules', normalizeForwardingRule, [readGcpFixture('forwarding-rule')]],
  ['backend-services', normalizeBackendService, [readGcpFixture('backend-service')]],
  ['buckets', normalizeBucket, [readGcpFixture('bucket')]],
];

void describe('GCP normalizers: golden documents', () => {
  for (const [golden, normalize, fixtures] of CASES) {
    void test(`${golden}: the fixture payloads map to the golden documents, with no empty value`, () => {
      const records = fixtures.flatMap((f) => normalize(f, GCP_CTX));
      assert.equal(records.length, fixtures.length);
      for (const r of records) assertNoEmptyValues(r);
      assertGcpGolden(golden, records);
    });
  }

  void test('network-list: networks, subnetworks, routes and firewalls with their families', () => {
    const records = [
      ...normalizeNetwork(readGcpFixture('network'), GCP_CTX),
      ...normalizeSubnetwork(readGcpFixture('subnetwork'), GCP_CTX),
      ...normalizeRoute(readGcpFixture('route'), GCP_CTX),
      ...normalizeFirewall(readGcpFixture('firewall'), GCP_CTX),
    ];
    assert.deepEqual(
      records.map((r) => r.family),
      ['Vpc', 'Subnet', 'Route', 'Firewall'],
    );
    for (const r of records) assertNoEmptyValues(r);
    assertGcpGolden('networks', records);
  });
});

void describe('GCP normalizers: rules', () => {
  const instance = readGcpFixture('instance');

  void test('an instance: unique_id is the numeric id, dates are Dates, links come from the metadata item', () => {
    const [r] = normalizeInstance(instance, GCP_CTX);
    assert.equal(r?.unique_id, '4567890123456789012');
    assert.ok(r?.created_at instanceof Date);
    assert.deepEqual(r?.[LINKS], { applicationNames: ['shop', 'checkout'], applicationIds: [] });
  });

  void test('a renamed instance keeps its unique_id', () => {
    const [a] = normalizeInstance(instance, GCP_CTX);
    const [b] = normalizeInstance({ ...instance, name: 'web-1-renamed' }, GCP_CTX);
    assert.equal(a?.unique_id, b?.unique_id);
    assert.notEqual(a?.name, b?.name);
  });

  void test('TERMINATED is stopped, not gone: status Stopped, still active', () => {
    const [r] = normalizeInstance(readGcpFixture('instance-terminated'), GCP_CTX);
    assert.equal(r?.status, 'Stopped');
    assert.equal(r?.active, true);
  });

  void test('cpu/memory: the catalogue spec when listPage added one, else a custom type parsed from its name', () => {
    assert.deepEqual(customMachineType('e2-custom-2-4096'), { guestCpus: 2, memoryMb: 4096 });
    assert.deepEqual(customMachineType('custom-8-53248-ext'), { guestCpus: 8, memoryMb: 53248 });
    assert.equal(customMachineType('n2-standard-4'), undefined);
    const [withSpec] = normalizeInstance({ ...instance, [MACHINE_TYPE_FIELD]: N2_STANDARD_4 }, GCP_CTX);
    assert.equal(withSpec?.cpu, 4);
    assert.equal(withSpec?.memory, 16);
    const [without] = normalizeInstance(instance, GCP_CTX);
    assert.equal(without?.cpu, undefined);
    assert.equal('memory' in (without ?? {}), false);
  });

  void test('false and 0 are written (spec §12.6)', () => {
    const [fw] = normalizeFirewall({ ...readGcpFixture('firewall'), priority: 0 }, GCP_CTX);
    assert.equal(fw?.priority, 0);
    assert.equal(fw?.disabled, false);
    const [sub] = normalizeSubnetwork(
      { ...readGcpFixture('subnetwork'), privateIpGoogleAccess: false },
      GCP_CTX,
    );
    assert.equal(sub?.private_google_access, false);
  });

  void test('disks: attached READY → Active, unattached → Available, FAILED → Error and inactive', () => {
    const disk = readGcpFixture('disk');
    assert.equal(normalizeDisk(disk, GCP_CTX)[0]?.status, 'Active');
    const [free] = normalizeDisk({ ...disk, users: undefined }, GCP_CTX);
    assert.equal(free?.status, 'Available');
    assert.equal(free?.active, true);
    const [failed] = normalizeDisk({ ...disk, status: 'FAILED' }, GCP_CTX);
    assert.deepEqual([failed?.status, failed?.active], ['Error', false]);
  });

  void test('images deprecated as DELETED are inactive', () => {
    const [r] = normalizeImage({ ...readGcpFixture('image'), deprecated: { state: 'DELETED' } }, GCP_CTX);
    assert.equal(r?.active, false);
    assert.equal(r?.deprecated, 'DELETED');
  });

  void test('a payload without an id yields nothing', () => {
    assert.deepEqual(normalizeInstance({ name: 'x' }, GCP_CTX), []);
    assert.deepEqual(normalizeDisk({}, GCP_CTX), []);
    assert.deepEqual(normalizeNetwork({ name: 'n' }, GCP_CTX), []);
  });
});
