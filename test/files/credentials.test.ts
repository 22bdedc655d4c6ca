// The file sources' credential forms (spec §3.2 and the original's info.json fields), per transport.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorType, InvalidCredentialsError } from '../../core/errors.js';
import { describeSource, parseFileCredentials } from '../../providers/files/credentials.js';

const FP = 'SHA256:uZcF8Pql/S9GTrul1v+17MPOqmxeZAxsjrFHSvRH0/E';
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

function refused(decoded: Record<string, unknown>, field: string, service?: string): void {
  assert.throws(
    () => parseFileCredentials(decoded, service),
    (err: unknown) => {
      assert.ok(err instanceof InvalidCredentialsError);
      assert.equal(err.type, ErrorType.InvalidCredentials);
      assert.equal(err.details.field, field);
      assert.match(err.message, new RegExp(`^${field}: `));
      return true;
    },
  );
}

void describe('file source credentials', () => {
  void it('upload: the artifacts, as names, objects or a comma list, deduplicated', () => {
    assert.deepEqual(parseFileCredentials({ artifacts: ['a.json', { filename: 'b.json' }, 'a.json'] }), {
      transport: 'upload',
      artifacts: ['a.json', 'b.json'],
    });
    assert.deepEqual(parseFileCredentials({ artifacts: 'x.tfstate, y.tfstate' }, 'upload_terraform'), {
      transport: 'upload',
      artifacts: ['x.tfstate', 'y.tfstate'],
    });
    refused({ artifacts: [] }, 'artifacts');
  });

  void it('S3: bucket, path (may be empty), access, secret', () => {
    assert.deepEqual(parseFileCredentials({ bucket: 'b', access: 'AK', secret: 'S' }, 's3_ansible'), {
      transport: 's3',
      bucket: 'b',
      path: '',
      access: 'AK',
      secret: 'S',
    });
    refused({ bucket: 'b', access: 'AK' }, 'secret', 's3_file');
    refused({ path: '/x', access: 'AK', secret: 'S' }, 'bucket', 's3_file');
  });

  void it('SSH: port defaults to 22 and is parsed from the form string; key kept byte for byte', () => {
    const c = parseFileCredentials(
      { host: 'h', user: 'u', path: '/srv/facts', key: KEY, fingerprint: ` ${FP} `, port: '2222' },
      'ssh_ansible',
    );
    assert.deepEqual(c, {
      transport: 'ssh',
      host: 'h',
      port: 2222,
      user: 'u',
      path: '/srv/facts',
      key: KEY,
      fingerprint: FP,
    });
    const d = parseFileCredentials({
      host: 'h',
      user: 'u',
      path: '/p',
      key: KEY,
      fingerprint: FP,
      passphrase: 'pw',
    });
    assert.equal(d.transport === 'ssh' && d.port, 22);
    assert.equal(d.transport === 'ssh' && d.passphrase, 'pw');
  });

  void it('SSH: the host-key fingerprint is required (spec §12.12), and the rest is checked by name', () => {
    const ok = { host: 'h', user: 'u', path: '/p', key: KEY, fingerprint: FP };
    refused({ ...ok, fingerprint: undefined }, 'fingerprint', 'ssh_file');
    refused({ ...ok, fingerprint: 'MD5:aa:bb' }, 'fingerprint', 'ssh_file');
    refused({ ...ok, key: 'not a key' }, 'key', 'ssh_file');
    refused({ ...ok, port: '70000' }, 'port', 'ssh_file');
    refused({ ...ok, path: 'relative/dir' }, 'path', 'ssh_file');
    refused({ ...ok, user: '' }, 'user', 'ssh_file');
  });

  void it('an unknown service or no recognisable fields', () => {
    refused({ token: 'x' }, 'service');
  });

  void it('describeSource names the place, never a secret', () => {
    const c = parseFileCredentials({ bucket: 'b', path: '/facts/', access: 'AKID', secret: 'SECRET' });
    assert.equal(describeSource(c), 's3://b/facts/');
    const s = parseFileCredentials({
      host: 'h',
      user: 'u',
      path: '/p',
      key: KEY,
      fingerprint: FP,
      passphrase: 'pw',
    });
    assert.equal(describeSource(s), 'sftp://u@h:22/p');
  });
});
