import { Context } from '@temporalio/activity';
import { BadRequestError } from '../core/errors.js';
import { scopeKey, zeroCounts, type Scope } from '../core/model.js';
import { regionCode } from '../core/regions.js';
import { providerConnection } from '../store/connections.js';
import type { ScopeRecord } from '../store/runs.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import type { PlanInput, PlanResult } from './types.js';

/**
 * Plans a crawl: loads the connection, checks the task and the credentials, expands the task's commands
 * × the connection's regions into scopes (spec §2.4; global services once) — × the accounts, when the
 * provider splits the connection into accounts — opens the run ledger and sets the connection status
 * "In progress".
 */
export function planActivity(deps: ActivityDeps, cache: ConnectionCache) {
  return async function planCrawl(input: PlanInput): Promise<PlanResult> {
    const { conn, provider, ownership } = await cache.context(input.connectionId);
    const commands = provider.tasks[input.task];
    if (!commands) {
      throw new BadRequestError(
        'task',
        `"${input.task}" is not a task of provider ${provider.id} (tasks: ${Object.keys(provider.tasks).join(', ')})`,
      );
    }
    const view = () => cache.view(input.connectionId);
    // From the connection alone: a run whose credentials cannot be decoded is still recorded below.
    const { credentials: _none, ...described } = providerConnection(conn, undefined);
    const regions = provider.regions ? provider.regions(described) : (conn.regions ?? []);
    // The plan axis (providers/types.ts CommandSpec.per): account × region, or account-wide.
    const scopesOf = (account: string | undefined): Scope[] =>
      commands.flatMap((command) => {
        const spec = provider.commands[command];
        if (!spec)
          throw new Error(`provider ${provider.id}: task ${input.task} names unknown command ${command}`);
        const base = { command, entity: spec.entity, ...(account === undefined ? {} : { account }) };
        if (spec.per === 'account') return [{ key: scopeKey(command, undefined, account), ...base }];
        if (regions.length === 0)
          throw new BadRequestError('regions', `connection ${input.connectionId} has no region to crawl`);
        return regions.map((region) => ({
          key: scopeKey(command, regionCode(region), account),
          ...base,
          region,
        }));
      });
    const now = deps.now();
    const open = (scopes: Scope[]) =>
      deps.store.runs.open({
        _id: input.runId,
        connection_id: input.connectionId,
        tenant_id: ownership.tenantId,
        provider: provider.id,
        task: input.task,
        workflow_id: input.workflowId,
        status: 'running',
        started_at: now,
        scopes: scopes.map((s): ScopeRecord => ({ ...s, ...zeroCounts(), status: 'pending' })),
      });
    let scopes = scopesOf(undefined);
    if (provider.accounts) {
      // A connection spanning accounts (AWS Organizations): the scopes of every account.
      try {
        const accounts = await provider.accounts(await view(), Context.current().cancellationSignal);
        if (accounts) scopes = accounts.flatMap(scopesOf);
      } catch (err) {
        const typed = provider.classifyError(err);
        // Recorded as a failed run unless a retry of this step may still succeed (and open the ledger).
        if (!typed.retryable) await open(scopes);
        throw typed;
      }
    }
    await open(scopes);
    await deps.store.connections.setStatus(
      input.connectionId,
      input.task,
      'warning',
      `In progress. ${input.task}`,
      now,
    );
    // After the ledger is open, so a run with bad credentials is recorded as failed.
    await view();
    return {
      provider: provider.id,
      ownerId: ownership.tenantId,
      scopes,
      settings: {
        fetchMaxAttempts: deps.config.fetchMaxAttempts,
        scopeConcurrency: deps.config.scopeConcurrency,
        sweepGuardShare: deps.config.sweepGuardShare,
        sweepGuardMin: deps.config.sweepGuardMin,
        externalAudit: deps.config.auditUri !== '',
        partitionIterations: deps.config.partitionIterations,
        heartbeatTimeoutSeconds: deps.config.heartbeatTimeoutSeconds,
      },
    };
  };
}
