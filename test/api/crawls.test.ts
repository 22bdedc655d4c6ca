// Crawls through the API on the real dev server, worker, MongoDB server and moto: the legacy
// PUT /crawler starts a real crawl; /v1 starts, watches, lists and cancels crawls, manages schedules,
// and reads the inventory it produced (filters, cursor pagination, change history).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { crawlWorkflowId } from '../../workflows/definitions.js';
import { seedRegion } from '../harness/aws-seed.js';
import { startApiEnv, privateToken, userToken, type ApiEnv } from '../harness/api.js';
import { seedMaestroAwsConnection } from '../harness/connections.js';
import { startCrawlEnv, testConfig, type CrawlEnv } from '../harness/crawl-env.js';
import { ids, inventory, motoInstances } from '../harness/inventory.js';

// Regions of this file only: moto is shared by the files of one run.
const A = 'ap-southeast-2';
const B = 'ap-northeast-2';

interface Page<T> {
  items: T[];
  nextCursor?: string;
}

void describe('crawls through the API (real worker, Temporal, MongoDB, moto)', () => {
  let crawl: CrawlEnv;
  let env: ApiEnv;
  let auth: { authorization: string };
  let tenant: string;
  let connectionId: string;

  before(async () => {
    const config = testConfig('api-crawls');
    crawl = await startCrawlEnv(config);
    env = await startApiEnv(config);
    auth = { authorization: `JWT ${await privateToken(config)}` };
    const owner = new ObjectId();
    tenant = owner.toHexString();
    await seedRegion(config.providers.aws.endpoint, A, 7, 3);
    await seedRegion(config.providers.aws.endpoint, B, 4, 2);
    connectionId = await seedMaestroAwsConnection(env.services.store.db, {
      regions: [`${A} (Sydney)`, `${B} (Seoul)`],
      secretJwt: config.secretJwt,
      ownerId: owner,
    });
  });
  after(async () => {
    await env?.close();
    await crawl?.stop();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = auth) =>
    env.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  void test('legacy PUT /crawler/AWS/:conn/server-list answers 201 and runs a real crawl', async () => {
    const res = await inject('PUT', `/crawler/AWS/${connectionId}/server-list`);
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json(), {
      msg: 'In progress. server-list',
      conn_id: connectionId,
      task: 'server-list',
      status: 'warning',
    });
    const result = await crawl.client.result(crawlWorkflowId(connectionId, 'server-list'));
    assert.equal(result.status, 'completed');
    const truth = [
      ...(await motoInstances(crawl.config.providers.aws.endpoint, A)),
      ...(await motoInstances(crawl.config.providers.aws.endpoint, B)),
    ];
    const stored = await inventory(crawl.db, 'servers', connectionId);
    assert.deepEqual(ids(stored), truth.map((i) => i.InstanceId as string).sort());
    assert.equal(stored.length, 11);
    const conn = await env.services.store.connections.get(connectionId);
    assert.equal(conn.process?.['server-list']?.state, 'success', 'the workflow set the final status');
  });

  void test('/v1: start (202 with the crawl id), status by id, latest by task, ledger list', async () => {
    const start = await inject('POST', `/v1/connections/${connectionId}/crawls`, { task: 'volumes-list' });
    assert.equal(start.statusCode, 202);
    const started = start.json<{ id: string; workflowId: string; started: boolean; task: string }>();
    assert.equal(started.workflowId, crawlWorkflowId(connectionId, 'volumes-list'));
    assert.equal(started.started, true);
    assert.match(started.id, /^[0-9a-f-]{36}$/);

    const early = await inject('GET', `/v1/crawls/${started.id}`);
    assert.equal(early.statusCode, 200, early.body);
    assert.ok(['planning', 'running', 'completed'].includes(early.json<{ status: string }>().status));

    await crawl.client.result(started.workflowId);
    const done = (await inject('GET', `/v1/crawls/${started.id}`)).json<{
      status: string;
      totals: { created: number };
      scopes: unknown[];
      live: boolean;
    }>();
    assert.equal(done.status, 'completed');
    assert.equal(done.live, false);
    assert.equal(done.scopes.length, 2);
    assert.ok(done.totals.created >= 5, 'the seeded volumes (and instance root volumes) were created');

    const latest = await inject('GET', `/v1/connections/${connectionId}/crawls/volumes-list`);
    assert.equal(latest.statusCode, 200);
    assert.equal(latest.json<{ id: string }>().id, started.id);

    const runs = (await inject('GET', `/v1/crawls?connection=${connectionId}`)).json<
      Page<{
        task: string;
      }>
    >();
    assert.deepEqual(runs.items.map((r) => r.task).sort(), ['server-list', 'volumes-list']);
    const firstPage = (await inject('GET', `/v1/crawls?connection=${connectionId}&limit=1`)).json<
      Page<{
        id: string;
      }>
    >();
    assert.equal(firstPage.items.length, 1);
    assert.ok(firstPage.nextCursor);
    const second = (
      await inject('GET', `/v1/crawls?connection=${connectionId}&limit=1&cursor=${firstPage.nextCursor}`)
    ).json<Page<{ id: string }>>();
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0]?.id, firstPage.items[0]?.id);
    assert.equal(second.nextCursor, undefined);
    const failed = (await inject('GET', `/v1/crawls?connection=${connectionId}&status=failed`)).json<
      Page<unknown>
    >();
    assert.equal(failed.items.length, 0);
  });

  void test('/v1 crawl errors: unknown task 400 naming the field, unknown connection 404, finished crawl not cancelled', async () => {
    const bad = await inject('POST', `/v1/connections/${connectionId}/crawls`, { task: 'flavor-list' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ error: { details: { field: string } } }>().error.details.field, 'task');
    const extra = await inject('POST', `/v1/connections/${connectionId}/crawls`, {
      task: 'server-list',
      x: 1,
    });
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json<{ error: { details: { field: string } } }>().error.details.field, 'body.x');
    const missing = await inject('POST', `/v1/connections/${new ObjectId().toHexString()}/crawls`, {
      task: 'server-list',
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(
      (await inject('GET', `/v1/crawls/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`)).statusCode,
      404,
    );
    assert.equal((await inject('GET', `/v1/connections/${connectionId}/crawls/images-list`)).statusCode, 404);
    const cancel = await inject('DELETE', `/v1/connections/${connectionId}/crawls/server-list`);
    assert.equal(cancel.statusCode, 202);
    assert.equal(cancel.json<{ cancelled: boolean }>().cancelled, false);
  });

  void test('inventory: filters by connection, provider, region, active; cursor pages; history', async () => {
    const all = (await inject('GET', `/v1/inventory/servers?connection=${connectionId}`)).json<
      Page<{
        id: string;
        unique_id: string;
        connection_id: string;
      }>
    >();
    assert.equal(all.items.length, 11);
    assert.equal(all.nextCursor, undefined);
    const byRegion = (
      await inject('GET', `/v1/inventory/servers?connection=${connectionId}&region=${B}`)
    ).json<Page<unknown>>();
    assert.equal(byRegion.items.length, 4);
    const byLabel = (
      await inject('GET', `/v1/inventory/servers?region=${encodeURIComponent(`${A} (Sydney)`)}&provider=aws`)
    ).json<Page<unknown>>();
    assert.equal(byLabel.items.length, 7);
    const inactive = (
      await inject('GET', `/v1/inventory/servers?connection=${connectionId}&active=false`)
    ).json<Page<unknown>>();
    assert.equal(inactive.items.length, 0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const url = `/v1/inventory/servers?connection=${connectionId}&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await inject('GET', url)).json<Page<{ id: string }>>();
      assert.ok(page.items.length <= 4);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((i) => i.id),
      'pages cover the list once, in order',
    );

    const one = await inject('GET', `/v1/inventory/servers/${all.items[0]!.id}`);
    assert.equal(one.statusCode, 200);
    const body = one.json<{ resource: { unique_id: string }; history: Array<{ kind: string }> }>();
    assert.equal(body.resource.unique_id, all.items[0]!.unique_id);
    assert.deepEqual(
      body.history.map((h) => h.kind),
      ['created'],
    );

    assert.equal(
      (await inject('GET', `/v1/inventory/servers/${new ObjectId().toHexString()}`)).statusCode,
      404,
    );
    const badEntity = await inject('GET', '/v1/inventory/planets');
    assert.equal(badEntity.statusCode, 400);
    assert.equal(
      badEntity.json<{ error: { details: { field: string } } }>().error.details.field,
      'params.entity',
    );
    const badCursor = await inject('GET', '/v1/inventory/servers?cursor=bm9wZQ');
    assert.equal(badCursor.statusCode, 400);
    assert.equal(
      badCursor.json<{ error: { details: { field: string } } }>().error.details.field,
      'querystring.cursor',
    );
    const badActive = await inject('GET', '/v1/inventory/servers?active=maybe');
    assert.equal(badActive.statusCode, 400);
    assert.equal(
      badActive.json<{ error: { details: { field: string } } }>().error.details.field,
      'querystring.active',
    );
  });

  void test('another tenant sees none of it: connection, crawls, runs, inventory answer 404 or empty', async () => {
    const other = { authorization: `Bearer ${await userToken(env.config, new ObjectId().toHexString())}` };
    const own = { authorization: `Bearer ${await userToken(env.config, tenant)}` };
    const runs = (await inject('GET', `/v1/crawls`, undefined, own)).json<Page<{ id: string }>>();
    assert.equal(runs.items.length, 2, 'the owner sees its runs');
    const runId = runs.items[0]!.id;
    const server = (await inject('GET', `/v1/inventory/servers`, undefined, own)).json<Page<{ id: string }>>()
      .items[0]!;
    for (const url of [
      `/v1/connections/${connectionId}`,
      `/v1/crawls/${runId}`,
      `/v1/connections/${connectionId}/crawls/server-list`,
      `/v1/inventory/servers/${server.id}`,
      `/v1/inventory/servers?connection=${connectionId}`,
      `/v1/crawls?connection=${connectionId}`,
      `/v1/connections/${connectionId}/schedules`,
    ]) {
      assert.equal((await inject('GET', url, undefined, other)).statusCode, 404, url);
      assert.equal((await inject('GET', url, undefined, own)).statusCode, 200, url);
    }
    assert.equal(
      (await inject('POST', `/v1/connections/${connectionId}/crawls`, { task: 'server-list' }, other))
        .statusCode,
      404,
    );
    assert.equal((await inject('GET', `/v1/crawls`, undefined, other)).json<Page<unknown>>().items.length, 0);
    assert.equal(
      (await inject('GET', `/v1/inventory/servers`, undefined, other)).json<Page<unknown>>().items.length,
      0,
    );
  });

  void test('test credentials: the stored credentials are accepted by the provider (moto)', async () => {
    const res = await inject('POST', `/v1/connections/${connectionId}/test`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { ok: true, region: `${A} (Sydney)` });
  });

  void test('schedules: create with the §3.3 default, 409 twice, pause, resume, list, delete', async () => {
    const base = `/v1/connections/${connectionId}/schedules`;
    const created = await inject('POST', base, { task: 'server-list', paused: true });
    assert.equal(created.statusCode, 201, created.body);
    const s = created.json<{ id: string; everySeconds: number; paused: boolean }>();
    assert.equal(s.everySeconds, 300);
    assert.equal(s.paused, true);
    assert.equal((await inject('POST', base, { task: 'server-list' })).statusCode, 409);
    const custom = await inject('POST', base, { task: 'volumes-list', everySeconds: 3600, paused: true });
    assert.equal(custom.json<{ everySeconds: number }>().everySeconds, 3600);
    const tooOften = await inject('POST', base, { task: 'volumes-list', everySeconds: 5 });
    assert.equal(tooOften.statusCode, 400);
    assert.equal(
      tooOften.json<{ error: { details: { field: string } } }>().error.details.field,
      'body.everySeconds',
    );
    assert.equal((await inject('POST', base, { task: 'flavor-list' })).statusCode, 400);

    const resumed = await inject('POST', `${base}/server-list/resume`);
    assert.equal(resumed.json<{ paused: boolean }>().paused, false);
    const paused = await inject('POST', `${base}/server-list/pause`);
    assert.equal(paused.json<{ paused: boolean }>().paused, true);
    const list = (await inject('GET', base)).json<{ items: Array<{ task: string }> }>();
    assert.deepEqual(
      list.items.map((i) => i.task),
      ['server-list', 'volumes-list'],
    );

    assert.equal((await inject('DELETE', `${base}/server-list`)).statusCode, 204);
    assert.equal((await inject('DELETE', `${base}/volumes-list`)).statusCode, 204);
    assert.equal((await inject('GET', `${base}/server-list`)).statusCode, 404);
    assert.equal((await inject('POST', `${base}/server-list/pause`)).statusCode, 404);
  });
});
