/**
 * The projects of an organization or folder connection (Resource Manager v3): every ACTIVE project
 * under the parent, nested folders included — `projects.list` and `folders.list` per parent, every page
 * (`pageSize` + `nextPageToken`), breadth first. Each project becomes an account of the crawl (its own
 * scopes). Bounded, so a cycle or a runaway hierarchy cannot loop forever.
 */
import { callOptions, plain, type GcpClients } from './clients.js';
import { allPages, nextToken } from '../kit/index.js';

const PAGE_SIZE = 100;
/** Google's own limits: folders nest 10 deep, 300 folders per parent; far above both. */
const MAX_PARENTS = 10_000;

interface Listed {
  projectId?: string;
  name?: string;
  state?: unknown;
}

/** Every page of a Resource Manager list call (the kit's bounded `allPages`). */
async function listAll(
  call: (pageToken: string | undefined) => Promise<unknown>,
  field: 'projects' | 'folders',
  signal: AbortSignal,
): Promise<Listed[]> {
  return allPages(async (pageToken) => {
    signal.throwIfAborted();
    const raw = plain(await call(pageToken)) as Record<string, unknown> & { nextPageToken?: string };
    return { values: (raw[field] as Listed[] | undefined) ?? [], next: nextToken(raw.nextPageToken) };
  });
}

/** ACTIVE is 1 in the enum; the REST client may hand either spelling back. */
function isActive(x: Listed): boolean {
  return x.state === 'ACTIVE' || x.state === 1;
}

export async function projectsUnder(
  clients: GcpClients,
  parent: string,
  signal: AbortSignal,
  pageSize = PAGE_SIZE,
): Promise<string[]> {
  const options = callOptions(clients.endpoint);
  const projects: string[] = [];
  const queue = [parent];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const next = queue.shift() as string;
    const listed = await listAll(
      async (pageToken) =>
        (
          await clients
            .projects()
            .listProjects({ parent: next, pageSize, ...(pageToken ? { pageToken } : {}) }, options)
        )[2],
      'projects',
      signal,
    );
    for (const p of listed)
      if (p.projectId && isActive(p) && !projects.includes(p.projectId)) projects.push(p.projectId);
    const folders = await listAll(
      async (pageToken) =>
        (
          await clients
            .folders()
            .listFolders({ parent: next, pageSize, ...(pageToken ? { pageToken } : {}) }, options)
        )[2],
      'folders',
      signal,
    );
    for (const f of folders) {
      if (!f.name || !isActive(f) || seen.has(f.name)) continue;
      if (seen.size >= MAX_PARENTS) throw new Error(`more than ${MAX_PARENTS} folders under ${parent}`);
      seen.add(f.name);
      queue.push(f.name);
    }
  }
  return projects;
}
