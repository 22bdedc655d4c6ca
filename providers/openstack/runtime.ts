/**
 * The OpenStack runtime (loaded by `openstackProvider.load`): one Keystone session and service layer per
 * connection credentials, shared by the worker's activities, and one resource kind per command.
 */
import { createHash } from 'node:crypto';
import type { ProviderConnection, ProviderRuntime, ResourceKind } from '../types.js';
import { COMMANDS, type CommandId } from './commands.js';
import { openStackCredentials, type OpenStackSecrets } from './credentials.js';
import { classifyOpenStackError } from './errors.js';
import { KeystoneSession } from './keystone.js';
import { listCommandPage } from './listing.js';
import { OpenStackServices } from './services.js';

/** Sessions kept per process; the oldest is dropped past this (a worker serves many connections). */
const MAX_SESSIONS = 200;

export function createOpenStackRuntime(): ProviderRuntime<OpenStackSecrets> {
  const sessions = new Map<string, OpenStackServices>();
  const servicesFor = (conn: ProviderConnection<OpenStackSecrets>): OpenStackServices => {
    const credentials = openStackCredentials(conn.credentials, conn.options);
    // Keyed by a digest of everything that makes the token: new credentials get a new session.
    const key = `${conn.id}:${createHash('sha256').update(JSON.stringify(credentials)).digest('hex')}`;
    let services = sessions.get(key);
    if (!services) {
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      services = new OpenStackServices(new KeystoneSession(credentials));
      sessions.set(key, services);
    }
    return services;
  };
  const kind = (id: CommandId): ResourceKind<OpenStackSecrets> => ({
    fields: COMMANDS[id].fields,
    normalize: COMMANDS[id].normalize,
    listPage: ({ connection, region, pageSize, token, signal }) =>
      listCommandPage(servicesFor(connection), id, { region: region ?? '', pageSize, token, signal }),
  });
  return {
    resources: Object.fromEntries((Object.keys(COMMANDS) as CommandId[]).map((id) => [id, kind(id)])),
    classifyError: classifyOpenStackError,
    async verifyCredentials(conn, signal) {
      await servicesFor(conn).session.token(signal);
    },
    close() {
      sessions.clear();
    },
  };
}
