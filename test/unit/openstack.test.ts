// Pure pieces of the OpenStack provider: credential parsing, microversion negotiation, markers, fault
// messages and the normalizers' edge cases (no nulls, false/0 kept, status maps, dc_id).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorType } from '../../core/errors.js';
import { LINKS, type MappingContext } from '../../core/model.js';
import {
  computeVersionCap,
  identityV3Url,
  parseOpenStackCredentials,
} from '../../providers/openstack/credentials.js';
import { faultMessage } from '../../providers/openstack/http.js';
import { normalizeFlavor } from '../../providers/openstack/resources/flavors.js';
import { normalizeServer, serverStatus } from '../../providers/openstack/resources/servers.js';
import { normalizeVolume } from '../../providers/openstack/resources/volumes.js';
import { markerOf, negotiate, versionedRoot } from '../../providers/openstack/services.js';
import { toDate } from '../../providers/openstack/record.js';

const CTX: MappingContext = {
  connectionId: 'conn-1',
  dc: 'Openstack',
  dcId: 'dc-9',
  provider: 'OpenStack',
  region: 'RegionOne',
};

function throwsType(fn: () => unknown, type: string, field: string): void {
  assert.throws(fn, (err: { type?: string; message: string; details?: { field?: string } }) => {
    assert.equal(err.type, type);
    assert.ok(err.message.includes(field) || err.details?.field === field, err.message);
    return true;
  });
}

void describe('OpenStack credentials', () => {
  void it('Keystone URLs become identity v3', () => {
    assert.equal(
      identityV3Url('https://keystone.example.com:5000/v2.0'),
      'https://keystone.example.com:5000/v3',
    );
    assert.equal(identityV3Url('https://keystone.example.com:5000/'), 'https://keystone.example.com:5000/v3');
    assert.equal(
      identityV3Url('https://cloud.example.com/identity/v3/'),
      'https://cloud.example.com/identity/v3',
    );
  });
  void it('password credentials from the conn and the connection fields', () => {
    const c = parseOpenStackCredentials(
      { username: 'u', password: 'p' },
      { url: 'http://k:5000/v3', project: 'proj', user_domain_id: 'dom', api_version: '2.60' },
    );
    assert.deepEqual(c, {
      authUrl: 'http://k:5000/v3',
      projectId: 'proj',
      userDomainId: 'dom',
      username: 'u',
      password: 'p',
      computeVersionCap: '2.60',
      interface: 'public',
    });
  });
  void it('names the missing or bad field', () => {
    throwsType(
      () => parseOpenStackCredentials({ username: 'u', password: 'p' }, { project: 'x' }),
      ErrorType.InvalidCredentials,
      'url',
    );
    throwsType(
      () => parseOpenStackCredentials({ password: 'p' }, { url: 'http://k', project: 'x' }),
      ErrorType.InvalidCredentials,
      'username',
    );
    throwsType(
      () => parseOpenStackCredentials({ username: 'u' }, { url: 'http://k', project: 'x' }),
      ErrorType.InvalidCredentials,
      'password',
    );
    throwsType(
      () => parseOpenStackCredentials({ username: 'u', password: 'p' }, { url: 'http://k' }),
      ErrorType.InvalidCredentials,
      'project',
    );
    throwsType(
      () => parseOpenStackCredentials({ application_credential_id: 'a' }, { url: 'http://k' }),
      ErrorType.InvalidCredentials,
      'application_credential_secret',
    );
    throwsType(
      () => parseOpenStackCredentials({ username: 'u', password: 'p' }, { url: 'ftp://k', project: 'x' }),
      ErrorType.BadRequest,
      'url',
    );
    throwsType(
      () =>
        parseOpenStackCredentials(
          { username: 'u', password: 'p' },
          { url: 'http://k', project: 'x', interface: 'private' },
        ),
      ErrorType.BadRequest,
      'interface',
    );
    throwsType(() => computeVersionCap('latest'), ErrorType.BadRequest, 'api_version');
  });
  void it("api_version: a microversion caps, a bare major (the form's 2 / 3) does not", () => {
    assert.equal(computeVersionCap('2.1'), '2.1');
    assert.equal(computeVersionCap('2'), undefined);
    assert.equal(computeVersionCap('3'), undefined);
    assert.equal(computeVersionCap(undefined), undefined);
  });
});

void describe('OpenStack services', () => {
  void it('negotiates min(server max, ours, cap), never below the server min', () => {
    assert.equal(negotiate('2.104', '2.1'), '2.100');
    assert.equal(negotiate('2.79', '2.1'), '2.79');
    assert.equal(negotiate('2.104', '2.1', '2.60'), '2.60');
    assert.equal(negotiate('2.104', '2.10', '2.1'), '2.10');
    assert.equal(negotiate(undefined, undefined), undefined);
  });
  void it('markers from absolute and relative next links', () => {
    assert.equal(markerOf('https://n/v2.1/servers/detail?limit=3&marker=abc'), 'abc');
    assert.equal(markerOf('/v2/images?limit=3&marker=img-9'), 'img-9');
    assert.equal(markerOf(undefined), undefined);
    assert.equal(markerOf('https://n/v2.0/networks?limit=3'), undefined);
  });
  void it('versioned roots of unversioned catalog URLs', () => {
    assert.equal(versionedRoot('image', 'https://c/image'), 'https://c/image/v2');
    assert.equal(versionedRoot('network', 'https://c:9696'), 'https://c:9696/v2.0');
    assert.equal(versionedRoot('network', 'https://c:9696/v2.0'), 'https://c:9696/v2.0');
    assert.equal(versionedRoot('load-balancer', 'https://c/load-balancer'), 'https://c/load-balancer/v2');
    assert.equal(versionedRoot('compute', 'https://c/compute/v2.1'), 'https://c/compute/v2.1');
  });
  void it("reads every service's fault format", () => {
    assert.equal(
      faultMessage('{"itemNotFound": {"code": 404, "message": "Flavor 9 could not be found."}}'),
      'itemNotFound: Flavor 9 could not be found.',
    );
    assert.equal(
      faultMessage('{"NeutronError": {"type": "PolicyNotAuthorized", "message": "no", "detail": ""}}'),
      'PolicyNotAuthorized: no',
    );
    assert.equal(
      faultMessage('{"faultcode": "Client", "faultstring": "Policy does not allow", "debuginfo": null}'),
      'Policy does not allow',
    );
    assert.equal(
      faultMessage('<html><body><h1>503 Service Unavailable</h1>down</body></html>'),
      '503 Service Unavailable down',
    );
  });
});

void describe('OpenStack normalizers', () => {
  void it('server: status map (spec §6.8), dc_id in datacenters, no nulls, links from metadata', () => {
    assert.equal(serverStatus('REBOOT'), 'Avaliable');
    assert.equal(serverStatus('SHUTOFF'), 'Stopped');
    assert.equal(serverStatus('SHELVED_OFFLOADED'), 'Stopped');
    assert.equal(serverStatus('BUILD'), 'Active');
    const [r] = normalizeServer(
      {
        id: 's-1',
        name: 'web',
        status: 'DELETED',
        key_name: null,
        addresses: {
          public: [{ addr: '203.0.113.5', version: 4 }],
          lan: [{ addr: '10.0.0.5', version: 4, 'OS-EXT-IPS:type': 'fixed' }],
        },
        flavor: { id: '42' },
        metadata: { applications_id: 'a1, a2' },
        config_drive: '',
        'OS-SRV-USG:terminated_at': null,
      },
      CTX,
    );
    assert.ok(r);
    assert.equal(r.active, false);
    assert.equal(r.ipv4_private, '10.0.0.5');
    assert.equal(r.ipv4_public, '203.0.113.5');
    assert.equal((r.datacenters as { _id: unknown })._id, 'dc-9');
    assert.deepEqual((r.metas as Record<string, unknown>).has_config_drive, false);
    assert.ok(!('auth' in r) && !JSON.stringify(r).includes('null'));
    assert.deepEqual(r[LINKS], { applicationNames: [], applicationIds: ['a1', 'a2'] });
  });
  void it('volume: false and 0 kept, name falls back to the id, status map as for AWS', () => {
    const [v] = normalizeVolume(
      { id: 'v-1', name: null, size: 0, encrypted: false, bootable: 'false', status: 'in-use', metadata: {} },
      CTX,
    );
    assert.ok(v);
    assert.equal(v.name, 'v-1');
    assert.equal(v.size, 0);
    assert.equal(v.encrypted, false);
    assert.equal(v.bootable, false);
    assert.equal(v.status, 'Active');
    assert.equal(v[LINKS], undefined);
  });
  void it('flavor: GiB memory, disabled is inactive', () => {
    const [f] = normalizeFlavor(
      { id: '7', name: 'm1', ram: 2048, vcpus: 2, disk: 0, 'OS-FLV-DISABLED:disabled': true },
      CTX,
    );
    assert.ok(f);
    assert.equal(f.memory, 2);
    assert.equal(f.disk, 0);
    assert.equal(f.active, false);
  });
  void it('dates without a zone are UTC', () => {
    assert.equal(toDate('2018-11-28T06:25:15.288987')?.toISOString(), '2018-11-28T06:25:15.288Z');
    assert.equal(toDate('2013-09-03T04:01:32Z')?.toISOString(), '2013-09-03T04:01:32.000Z');
    assert.equal(toDate(null), undefined);
  });
});
