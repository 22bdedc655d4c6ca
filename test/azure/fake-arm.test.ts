// The fake ARM server itself: it refuses requests without a token it issued, accepts any api-version,
// pages with absolute nextLinks, and its validation against the vendor examples does catch departures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import type { FakeArm } from '../../tooling/fakes/azure/arm.js';
import { AZ_CLIENT, AZ_SECRET, AZ_SUB1, AZ_TENANT, startAzureFake } from '../harness/azure.js';

void describe('fake ARM server', () => {
  let fake: FakeArm;
  let token: string;
  before(async () => {
    fake = await startAzureFake();
    const res = await request(`${fake.url}/${AZ_TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: AZ_CLIENT,
        client_secret: AZ_SECRET,
        scope: 'x/.default',
      }).toString(),
    });
    token = ((await res.body.json()) as { access_token: string }).access_token;
  });
  after(() => fake.close());

  const get = async (path: string, auth = true) => {
    const res = await request(path.startsWith('http') ? path : `${fake.url}${path}`, {
      headers: auth ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };
  const disks = `/subscriptions/${AZ_SUB1}/providers/Microsoft.Compute/disks`;

  void test('no token or an unknown one → 401 InvalidAuthenticationToken', async () => {
    const res = await get(`${disks}?api-version=2026-03-02`, false);
    assert.equal(res.status, 401);
    assert.equal((res.body.error as { code: string }).code, 'InvalidAuthenticationToken');
  });

  void test('any api-version is served; nextLink is absolute and keeps the query', async () => {
    const res = await get(`${disks}?api-version=1999-01-01`);
    assert.equal(res.status, 200);
    const next = String(res.body.nextLink);
    assert.ok(next.startsWith(`${fake.url}${disks}?`), next);
    assert.match(next, /api-version=1999-01-01/);
    assert.match(next, /%24skiptoken=|\$skiptoken=/);
    const page2 = await get(next);
    assert.equal((page2.body.value as unknown[]).length, 3);
  });

  void test('get by id, case-insensitively; unknown → ResourceNotFound', async () => {
    const id = String(fake.resources(AZ_SUB1, 'disks')[0]!.id);
    assert.equal(
      (await get(`${id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')}?api-version=x`)).status,
      200,
    );
    const missing = await get(`${id}-nope?api-version=x`);
    assert.equal(missing.status, 404);
    assert.equal((missing.body.error as { code: string }).code, 'ResourceNotFound');
  });

  void test('validation catches a field the vendor examples do not have, and a malformed id', async () => {
    const disk = fake.resources(AZ_SUB1, 'disks')[0]!;
    const saved = structuredClone(disk);
    disk.bogusField = 1;
    disk.id = '/subscriptions/x/providers/Microsoft.Compute/disks/oops';
    try {
      await get(`${disks}?api-version=x`);
      assert.ok(
        fake.server.violations.some((v) => v.includes('bogusField')),
        fake.server.violations.join('\n'),
      );
      assert.ok(fake.server.violations.some((v) => v.includes('is not a Microsoft.Compute/disks ARM id')));
    } finally {
      for (const k of Object.keys(disk)) delete disk[k];
      Object.assign(disk, saved);
      fake.server.violations.length = 0;
    }
  });
});
