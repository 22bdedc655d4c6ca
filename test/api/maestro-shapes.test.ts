// Maestro's exact shapes on the API (issue 10 §4): 405 on a known path with another method, the
// crawl view's conflicts, PATCH of a Maestro-format connection keeping `conn` valid for server-app,
// and the trigger outcome of a start.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jwtVerify } from 'jose';
import { ObjectId } from 'mongodb';
import { privateToken, startApiEnv, userToken, type ApiEnv } from '../harness/api.js';
import { testConfig } from '../harness/crawl-env.js';
import { seedMaestroDatabase, type MaestroDb } from '../harness/maestro-db.js';
import { zeroCounts } from '../../core/model.js';
import { COLLECTIONS } from '../../store/collections.js';

void describe('Maestro shapes on the API', () => {
  let env: ApiEnv;
  let maestro: MaestroDb;
  let priv: { authorization: string };
  let user: { authorization: string };

  before(async () => {
    const config = testConfig('api-shapes');
    env = await startApiEnv(config);
    maestro = await seedMaestroDatabase(env.services.store.db, {
      secretJwt: config.secretJwt,
      regions: ['eu-west-3 (Paris)'],
    });
    priv = { authorization: `JWT ${await privateToken(config)}` };
    user = { authorization: `Bearer ${await userToken(config, maestro.tenantId.toHexString())}` };
  });
  after(async () => env?.close());

  void test('a known path with another method is a 405 naming the allowed ones', async () => {
    const maestroRoute = await env.app.inject({
      method: 'DELETE',
      url: '/crawler/aws/x/server-list',
      headers: priv,
    });
    assert.equal(maestroRoute.statusCode, 405);
    assert.deepEqual(maestroRoute.json(), { error: 'Method not allowed' });
    assert.match(String(maestroRoute.headers.allow), /GET/);
    assert.match(String(maestroRoute.headers.allow), /PUT/);
    const v1 = await env.app.inject({ method: 'PUT', url: '/v1/connections', headers: user });
    assert.equal(v1.statusCode, 405);
    assert.equal(v1.json().error.code, 'method_not_allowed');
    const unknown = await env.app.inject({ method: 'GET', url: '/no/such/route', headers: priv });
    assert.equal(unknown.statusCode, 404, 'an unknown path is still a 404');
  });

  void test("GET /v1/crawls/:id shows the run's conflicts, in total and per scope", async () => {
    const id = '0193a9c4-1111-7000-8000-000000000001';
    const counts = { ...zeroCounts(), items: 3, created: 2, conflicts: 1 };
    await env.services.store.db.collection(COLLECTIONS.runs).insertOne({
      _id: id as unknown as ObjectId,
      connection_id: maestro.connectionId,
      tenant_id: maestro.tenantId.toHexString(),
      provider: 'aws',
      task: 'volumes-list',
      workflow_id: `crawl:${maestro.connectionId}:volumes-list`,
      status: 'completed',
      started_at: new Date(),
      finished_at: new Date(),
      totals: counts,
      scopes: [
        {
          key: 'ec2.describeVolumes@eu-west-3',
          command: 'ec2.describeVolumes',
          entity: 'volumes',
          region: 'eu-west-3 (Paris)',
          status: 'completed',
          ...counts,
        },
      ],
    });
    const res = await env.app.inject({ method: 'GET', url: `/v1/crawls/${id}`, headers: user });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().totals.conflicts, 1);
    assert.equal(res.json().scopes[0].conflicts, 1);
  });

  void test('PATCH of credentials on a Maestro-format connection keeps conn a valid JWT for server-app', async () => {
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/v1/connections/${maestro.connectionId}`,
      headers: user,
      payload: { credentials: { access: 'AKIANEW', secret: 'new-secret' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().format, 'maestro');
    const doc = await env.services.store.db
      .collection(COLLECTIONS.connections)
      .findOne({ _id: ObjectId.createFromHexString(maestro.connectionId) });
    assert.equal(doc?.credentials, undefined, 'no Discovery-encrypted copy');
    const { payload } = await jwtVerify(String(doc?.conn), new TextEncoder().encode(env.config.secretJwt), {
      algorithms: ['HS256'],
    });
    assert.equal(payload.access, 'AKIANEW');
    assert.equal(payload.secret, 'new-secret');
  });
});
