// Paging over a file source: a page is up to `pageSize` items read across the source's files in listing
// order; the page token says where the next page starts (the transport's listing token, the file's
// index in that listing, how many of its items were already returned). A killed worker resumes from the
// token: it lists that listing page again, reopens the file and skips the items already returned.
// Between pages of one crawl the open transport, the listing and the open file are kept in a small
// live-cursor cache keyed by the token, so a large file is read once, not once per page.
import type { Readable } from 'node:stream';
import type { ListPageResult } from '../types.js';
import { EmptySourceError, FileDataError } from './errors.js';
import type { Extract } from './formats.js';

export interface FileListing {
  /** File names (keys, paths, artifact names) in a stable order. */
  names: string[];
  /** Token of the next listing page; undefined on the last. */
  next: string | undefined;
}

/** One transport's view of a connection's files (upload, S3, SSH). */
export interface FileSource {
  /** Where the files are, for messages ("s3://bucket/prefix"); no secrets. */
  readonly where: string;
  list(token: string | undefined, signal: AbortSignal): Promise<FileListing>;
  open(name: string, signal: AbortSignal): Promise<Readable>;
  close(): Promise<void>;
}

interface Position {
  /** Listing token of the listing page holding the file (undefined: the first). */
  l?: string;
  /** Index of the file in that listing page. */
  k: number;
  /** Items of that file already returned. */
  o: number;
}

export function encodePosition(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

export function decodePosition(token: string | undefined): Position {
  if (!token) return { k: 0, o: 0 };
  try {
    const p = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Position;
    if (Number.isInteger(p.k) && Number.isInteger(p.o) && p.k >= 0 && p.o >= 0) return p;
  } catch {
    // fall through
  }
  throw new Error(`invalid file page token ${token}`);
}

interface OpenFile {
  l: string | undefined;
  k: number;
  name: string;
  stream: Readable;
  items: AsyncGenerator<unknown>;
  /** Items already taken from `items`. */
  o: number;
}

interface Session {
  source: FileSource;
  listing?: { token: string | undefined; listing: FileListing };
  file?: OpenFile;
  /** Whether any file was listed at all (an empty source is an error, spec §12). */
  sawFile: boolean;
  timer?: NodeJS.Timeout;
}

/** Live cursors kept between pages: few (one per crawling scope on this worker), short-lived. */
const IDLE_MS = 60_000;
const MAX_SESSIONS = 16;
const sessions = new Map<string, Session>();

function sessionKey(sourceKey: string, token: string | undefined): string {
  return `${sourceKey}\n${token ?? ''}`;
}

async function closeSession(s: Session): Promise<void> {
  if (s.timer) clearTimeout(s.timer);
  await closeFile(s);
  await s.source.close().catch(() => undefined);
}

async function closeFile(s: Session): Promise<void> {
  const f = s.file;
  s.file = undefined;
  if (!f) return;
  f.stream.destroy();
  await f.items.return(undefined).catch(() => undefined);
}

function park(key: string, s: Session): void {
  while (sessions.size >= MAX_SESSIONS) {
    const [oldestKey, oldest] = sessions.entries().next().value as [string, Session];
    sessions.delete(oldestKey);
    void closeSession(oldest);
  }
  s.timer = setTimeout(() => {
    if (sessions.get(key) === s) sessions.delete(key);
    void closeSession(s);
  }, IDLE_MS);
  s.timer.unref();
  sessions.set(key, s);
}

/** Closes every parked cursor (tests, worker shutdown). */
export async function closeFileCursors(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map(closeSession));
}

export interface FilePageInput {
  /** Identifies the source and command, no secrets (it keys the live-cursor cache). */
  sourceKey: string;
  connect: () => Promise<FileSource>;
  extract: Extract;
  pageSize: number;
  token: string | undefined;
  signal: AbortSignal;
}

/** One page of items (see the file comment). */
export async function listFilePage(input: FilePageInput): Promise<ListPageResult> {
  const key = sessionKey(input.sourceKey, input.token);
  let session = sessions.get(key);
  if (session) {
    sessions.delete(key);
    if (session.timer) clearTimeout(session.timer);
  } else {
    session = { source: await input.connect(), sawFile: input.token !== undefined };
  }
  const pos = decodePosition(input.token);
  const items: unknown[] = [];
  try {
    for (;;) {
      if (!session.listing || session.listing.token !== pos.l) {
        await closeFile(session);
        session.listing = { token: pos.l, listing: await session.source.list(pos.l, input.signal) };
      }
      const { listing } = session.listing;
      if (listing.names.length > 0) session.sawFile = true;
      if (pos.k >= listing.names.length) {
        if (listing.next === undefined) {
          if (!session.sawFile) throw new EmptySourceError(session.source.where);
          await closeSession(session);
          return { items, nextToken: undefined };
        }
        pos.l = listing.next;
        pos.k = 0;
        pos.o = 0;
        continue;
      }
      if (items.length >= input.pageSize) break;
      const name = listing.names[pos.k] as string;
      let file = session.file;
      if (!file || file.l !== pos.l || file.k !== pos.k || file.o !== pos.o) {
        await closeFile(session);
        file = await openAt(session.source, input.extract, pos, name, input.signal);
        session.file = file;
      }
      const next = await file.items.next();
      if (next.done) {
        await closeFile(session);
        pos.k += 1;
        pos.o = 0;
        continue;
      }
      items.push(next.value);
      file.o += 1;
      pos.o += 1;
    }
  } catch (err) {
    await closeSession(session);
    throw err;
  }
  const nextToken = encodePosition(pos);
  park(sessionKey(input.sourceKey, nextToken), session);
  return { items, nextToken };
}

async function openAt(
  source: FileSource,
  extract: Extract,
  pos: Position,
  name: string,
  signal: AbortSignal,
): Promise<OpenFile> {
  const stream = await source.open(name, signal);
  const items = extract(stream, name);
  // Resuming inside a file: skip what earlier pages returned (the same order every time).
  for (let i = 0; i < pos.o; i++) {
    const r = await items.next();
    if (r.done) throw new FileDataError(name, `changed while it was being read (fewer than ${pos.o} items)`);
  }
  return { l: pos.l, k: pos.k, name, stream, items, o: pos.o };
}
