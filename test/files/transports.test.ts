// The three transports against real servers: S3 against moto (ListObjectsV2 pages, GetObject), SSH
// against OpenSSH's sshd (SFTP only), upload against a server-app fake that checks the private token.
// Each read through the file-page cursor, so paging, resuming and the scope errors are the crawl's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { privateToken } from '../../core/http.js';
import { DiscoveryError, ErrorType } from '../../core/errors.js';
import {
  closeFileCursors,
  decodePosition,
  listFilePage,
  type FileSource,
} from '../../providers/files/cursor.js';
import { EmptySourceError, FileDataError } from '../../providers/files/errors.js';
import { maestroItems, type Extract } from '../../providers/files/formats.js';
import { s3Source } from '../../providers/files/transports/s3.js';
import { sshSource, type SshOptions } from '../../providers/files/transports/ssh.js';
import { uploadSource } from '../../providers/files/transports/upload.js';
import { startUploadFake, type UploadFake } from '../../tooling/fakes/files/upload.js';
import { makeKeyPair, startSshd, type SshdPeer } from '../../tooling/peers/sshd.js';

const ENDPOINT = process.env.AWS_ENDPOINT_URL ?? '';
const servers: Extract = maestroItems('servers');

function serversFile(...names: string[]): string {
  return JSON.stringify({ servers: names.map((hostname) => ({ hostname })) });
}

/** Every item of a source, page by page; the tokens and page sizes seen on the way. */
async function crawl(
  connect: () => Promise<FileSource>,
  opts: { pageSize?: number; sourceKey?: string; restartEvery?: number } = {},
): Promise<{ items: Array<Record<string, unknown>>; tokens: Array<string | undefined>; pages: number }> {
  const items: Array<Record<string, unknown>> = [];
  const tokens: Array<string | undefined> = [];
  let token: string | undefined;
  let pages = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listFilePage({
      sourceKey: opts.sourceKey ?? 'test',
      connect,
      extract: servers,
      pageSize: opts.pageSize ?? 2,
      token,
      signal: new AbortController().signal,
    });
    pages += 1;
    items.push(...(page.items as Array<Record<string, unknown>>));
    token = page.nextToken;
    tokens.push(token);
    // A killed worker: the live cursors are gone, the next page starts from the token alone.
    if (opts.restartEvery && pages % opts.restartEvery === 0) await closeFileCursors();
    if (!token) return { items, tokens, pages };
  }
  throw new Error('no end of listing after 1000 pages');
}

async function rejection(p: Promise<unknown>): Promise<DiscoveryError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DiscoveryError, `expected a typed error, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

void describe('S3 transport (moto)', () => {
  const bucket = `files-${Date.now()}`;
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const source =
    (prefix: string, maxKeys = 2) =>
    () =>
      Promise.resolve(
        s3Source({
          bucket,
          prefix,
          access: 'testing',
          secret: 'testing',
          endpoint: ENDPOINT,
          region: 'us-east-1',
          timeoutMs: 10_000,
          maxKeys,
        }),
      );
  before(async () => {
    assert.ok(ENDPOINT, 'AWS_ENDPOINT_URL (moto) is set by scripts/with-peers.ts');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    await put('inventory/a.json', serversFile('a1', 'a2', 'a3'));
    await put('inventory/b.json', serversFile('b1'));
    await put('inventory/sub/', '');
    await put('inventory/sub/c.json', serversFile('c1', 'c2'));
    await put('inventory/d.json', JSON.stringify({ applications: [{ name: 'x' }] }));
    await put('inventory/e.json', serversFile('e1'));
    await put('other/z.json', serversFile('z1'));
    await put('broken/ok.json', serversFile('ok1'));
    await put('broken/notes.txt', 'not json at all');
  });
  after(async () => {
    await closeFileCursors();
    s3.destroy();
  });

  void it('lists the prefix over several ListObjectsV2 pages (continuation tokens) and reads every key', async () => {
    const { items, tokens } = await crawl(source('/inventory/'), { pageSize: 1 });
    assert.deepEqual(
      items.map((i) => i.hostname),
      ['a1', 'a2', 'a3', 'b1', 'e1', 'c1', 'c2'].sort((x, y) => order(x) - order(y)),
    );
    // The position moved onto a second and a third listing page (MaxKeys 2: a b | d e | sub/ sub/c).
    const listings = new Set(tokens.filter(Boolean).map((t) => decodePosition(t).l ?? ''));
    assert.equal(listings.size, 3, JSON.stringify(tokens.map((t) => t && decodePosition(t))));
  });

  void it('resumes from the token alone (worker killed after every page)', async () => {
    const straight = await crawl(source('inventory'), { sourceKey: 'straight' });
    const resumed = await crawl(source('inventory'), { sourceKey: 'resumed', restartEvery: 1 });
    assert.deepEqual(resumed.items, straight.items);
    assert.ok(resumed.pages >= 3);
  });

  void it('an empty prefix lists the whole bucket', async () => {
    await assert.rejects(crawl(source('')), (err: unknown) => {
      // The bucket holds broken/notes.txt: reached only because the whole bucket was listed.
      assert.ok(err instanceof FileDataError);
      assert.equal(err.file, 'broken/notes.txt');
      return true;
    });
  });

  void it('a key that is not JSON fails the listing, named, not retryable', async () => {
    const err = await rejection(crawl(source('broken/')));
    assert.ok(err instanceof FileDataError);
    assert.equal(err.file, 'broken/notes.txt');
    assert.match(err.message, /broken\/notes\.txt: not JSON/);
    assert.equal(err.retryable, false);
  });

  void it('a prefix with no file is an error, not an empty inventory', async () => {
    const err = await rejection(crawl(source('nothing-here/')));
    assert.ok(err instanceof EmptySourceError);
    assert.match(err.message, new RegExp(`no file found at s3://${bucket}/nothing-here/`));
  });

  void it('a missing bucket is named', async () => {
    const err = await rejection(
      crawl(() =>
        Promise.resolve(
          s3Source({
            bucket: `${bucket}-missing`,
            prefix: '',
            access: 'testing',
            secret: 'testing',
            endpoint: ENDPOINT,
            region: 'us-east-1',
            timeoutMs: 10_000,
            maxKeys: 10,
          }),
        ),
      ),
    );
    assert.equal(err.type, ErrorType.BadProviderData);
    assert.match(err.message, /no such bucket/);
  });
});

/** S3 lists keys in UTF-8 byte order: a.json, b.json, d.json, e.json, sub/c.json. */
function order(hostname: string): number {
  return ['a', 'b', 'e', 'c'].indexOf(hostname[0] as string);
}

void describe('SSH transport (OpenSSH sshd, SFTP)', () => {
  let peer: SshdPeer;
  let ed25519: { privateKey: string; publicKey: string };
  let rsa: { privateKey: string; publicKey: string };
  // Relative: a shell would run it in the login directory (a file name cannot hold a slash).
  const markerName = `discovery-ssh-injected-${process.pid}`;
  const marker = join(homedir(), markerName);
  const opts = (o: Partial<SshOptions> = {}): SshOptions => ({
    host: peer.host,
    port: peer.port,
    user: peer.user,
    path: peer.dir,
    key: ed25519.privateKey,
    fingerprint: peer.fingerprint,
    timeoutMs: 10_000,
    ...o,
  });
  before(async () => {
    peer = await startSshd();
    ed25519 = await makeKeyPair('ed25519');
    rsa = await makeKeyPair('rsa', 'correct horse', { pem: true });
    await peer.authorize(ed25519.publicKey);
    await peer.authorize(rsa.publicKey);
    await mkdir(join(peer.dir, 'site-a/rack 1'), { recursive: true });
    await mkdir(join(peer.dir, 'site-b'), { recursive: true });
    await writeFile(join(peer.dir, 'site-a/hosts.json'), serversFile('a1', 'a2'));
    await writeFile(join(peer.dir, `site-a/rack 1/db $(touch ${markerName}).json`), serversFile('r1'));
    await writeFile(join(peer.dir, 'site-b/b.json'), serversFile('b1', 'b2', 'b3'));
  });
  after(async () => {
    await closeFileCursors();
    await peer?.stop();
    await rm(marker, { force: true });
  });

  void it('walks nested folders and reads a name with spaces and $(…) literally, executing nothing', async () => {
    const { items, pages } = await crawl(() => Promise.resolve(sshSource(opts())), { sourceKey: 'ssh' });
    assert.deepEqual(
      items.map((i) => i.hostname),
      ['a1', 'a2', 'r1', 'b1', 'b2', 'b3'],
    );
    assert.ok(pages >= 3);
    assert.equal(existsSync(marker), false, 'the $(…) in the file name was executed');
  });

  void it('resumes from the token alone (the walk index and the item offset)', async () => {
    const { items } = await crawl(() => Promise.resolve(sshSource(opts())), {
      sourceKey: 'ssh-resume',
      restartEvery: 1,
    });
    assert.equal(items.length, 6);
  });

  void it('authenticates with an RSA key (PEM) and its passphrase', async () => {
    const src = sshSource(
      opts({ key: rsa.privateKey, passphrase: 'correct horse', path: join(peer.dir, 'site-b') }),
    );
    const { items } = await crawl(() => Promise.resolve(src), { sourceKey: 'ssh-rsa' });
    assert.equal(items.length, 3);
  });

  void it('refuses a host key that does not match the stored fingerprint, reading nothing', async () => {
    const other = await makeKeyPair('ed25519');
    const wrong = `SHA256:${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`;
    for (const fingerprint of [wrong, '']) {
      const err = await rejection(
        sshSource(opts({ fingerprint })).list(undefined, new AbortController().signal),
      );
      assert.equal(err.type, ErrorType.InvalidCredentials);
      assert.match(
        err.message,
        new RegExp(`host key ${peer.fingerprint.replace(/[+/]/g, '\\$&')} does not match`),
      );
      assert.match(err.message, /nothing was read/);
    }
    void other;
  });

  void it('a key the server does not know, and a wrong passphrase, are credential errors', async () => {
    const stranger = await makeKeyPair('ed25519');
    const refused = await rejection(
      sshSource(opts({ key: stranger.privateKey })).list(undefined, new AbortController().signal),
    );
    assert.equal(refused.type, ErrorType.InvalidCredentials);
    const badPass = await rejection(
      sshSource(opts({ key: rsa.privateKey, passphrase: 'wrong' })).list(
        undefined,
        new AbortController().signal,
      ),
    );
    assert.equal(badPass.type, ErrorType.InvalidCredentials);
  });

  void it('a path that does not exist is named', async () => {
    const missing = join(peer.dir, 'no-such-dir');
    const err = await rejection(
      crawl(() => Promise.resolve(sshSource(opts({ path: missing }))), { sourceKey: 'ssh-missing' }),
    );
    assert.ok(err instanceof FileDataError);
    assert.equal(err.file, missing);
    assert.match(err.reason, /no such file/);
  });
});

void describe('upload transport (server-app fake)', () => {
  const secret = 'upload-test-secret';
  const noauth = 'upload-test-noauth';
  let fake: UploadFake;
  const source =
    (artifacts: string[], s = secret) =>
    () =>
      Promise.resolve(
        uploadSource({
          serverUri: fake.url,
          token: () => privateToken(s, noauth),
          timeoutMs: 5_000,
          artifacts,
        }),
      );
  before(async () => {
    fake = await startUploadFake({
      secret,
      noauth,
      files: { 'one.json': serversFile('u1', 'u2', 'u3'), 'two words & more.json': serversFile('u4') },
    });
  });
  after(async () => {
    await closeFileCursors();
    await fake.close();
  });

  void it('downloads each artifact with the private token, in order, over several pages', async () => {
    const { items, pages } = await crawl(source(['one.json', 'two words & more.json']), { sourceKey: 'up' });
    assert.deepEqual(
      items.map((i) => i.hostname),
      ['u1', 'u2', 'u3', 'u4'],
    );
    assert.ok(pages >= 2);
    const asked = fake.requests
      .filter((r) => r.route === 'upload-file')
      .map((r) => new URLSearchParams(r.query).get('filename'));
    assert.deepEqual([...new Set(asked)], ['one.json', 'two words & more.json']);
    assert.deepEqual(fake.violations, []);
  });

  void it('401: the token is refused — PermissionDenied naming the file', async () => {
    const err = await rejection(crawl(source(['one.json'], 'another-secret'), { sourceKey: 'up-401' }));
    assert.equal(err.type, ErrorType.PermissionDenied);
    assert.match(err.message, /one\.json: server-app answered HTTP 401/);
  });

  void it('404: the artifact is gone — a file error, not retryable', async () => {
    const err = await rejection(crawl(source(['one.json', 'gone.json']), { sourceKey: 'up-404' }));
    assert.ok(err instanceof FileDataError);
    assert.equal(err.file, 'gone.json');
    assert.match(err.reason, /not found on server-app/);
    assert.equal(err.retryable, false);
  });

  void it('500: transient (retried by the crawl)', async () => {
    fake.inject({ match: 'upload-file', status: 500, body: { error: 'boom' }, times: 1 });
    const err = await rejection(crawl(source(['one.json']), { sourceKey: 'up-500' }));
    assert.equal(err.type, ErrorType.Transient);
    assert.equal(err.retryable, true);
    assert.match(err.message, /one\.json: server-app answered HTTP 500/);
  });

  void it('a body that is not JSON — a file error naming the artifact', async () => {
    fake.inject({ match: 'upload-file', status: 200, body: '<html>Maintenance</html>', times: 1 });
    const err = await rejection(crawl(source(['one.json']), { sourceKey: 'up-html' }));
    assert.ok(err instanceof FileDataError);
    assert.equal(err.file, 'one.json');
    assert.match(err.reason, /not JSON/);
  });
});
