import { ListAccountsCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';
import { memberCredentials, type AwsCredentials } from './credentials.js';
import { chainKey } from './role-sessions.js';

/** Organizations and STS are global services, served from us-east-1. */
const GLOBAL_REGION = 'us-east-1';
/** Caller accounts remembered at most (one per connection identity). */
const MAX_REMEMBERED = 1000;

/** `State` replaces the retiring `Status`; either says whether the account is ACTIVE. */
function isActive(a: Account): boolean {
  return (a.State ?? a.Status) === 'ACTIVE';
}

/** Every ACTIVE account of the organization (ListAccounts, paginated), sorted by id. */
export async function listActiveAccounts(
  clients: AwsClients,
  credentials: AwsCredentials,
  signal: AbortSignal,
): Promise<string[]> {
  const client = clients.get(OrganizationsClient, credentials, GLOBAL_REGION);
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ NextToken: token, MaxResults: 20 }), {
      abortSignal: signal,
    });
    for (const a of page.Accounts ?? []) if (a.Id && isActive(a)) ids.add(a.Id);
    token = page.NextToken || undefined;
  } while (token);
  return [...ids].sort();
}

/**
 * AWS Organizations discovery, as the `accounts` / `credentialsFor` provider hooks (connection credential
 * `organization: {member_role_name, external_id?}`). From the management (or delegated administrator)
 * account, every ACTIVE account of the organization is its own set of scopes. The account the
 * connection's credentials belong to (STS GetCallerIdentity, remembered) is read with those credentials;
 * every other account through the role `<member_role_name>` in it. Suspended and closed accounts are
 * left out: they cannot be crawled.
 */
export function organizationHooks(clients: AwsClients) {
  const callers = new Map<string, Promise<string | undefined>>();
  const callerAccount = (credentials: AwsCredentials): Promise<string | undefined> => {
    const key = chainKey(credentials);
    let hit = callers.get(key);
    if (!hit) {
      if (callers.size >= MAX_REMEMBERED) callers.clear();
      hit = clients
        .get(STSClient, credentials, GLOBAL_REGION)
        .send(new GetCallerIdentityCommand({}))
        .then((out) => out.Account);
      hit.catch(() => callers.delete(key));
      callers.set(key, hit);
    }
    return hit;
  };
  return {
    async accounts(credentials: AwsCredentials, signal: AbortSignal): Promise<string[] | undefined> {
      if (!credentials.organization) return undefined;
      const [all, self] = await Promise.all([
        listActiveAccounts(clients, credentials, signal),
        callerAccount(credentials),
      ]);
      return self && all.includes(self) ? [self, ...all.filter((id) => id !== self)] : all;
    },
    async credentialsFor(credentials: AwsCredentials, account: string): Promise<AwsCredentials> {
      if (!credentials.organization) return credentials;
      return memberCredentials(credentials, account, await callerAccount(credentials));
    },
  };
}
