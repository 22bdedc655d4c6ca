import { BadRequestError } from '../core/errors.js';
import { zeroCounts, type Scope } from '../core/model.js';
import { regionCode } from '../core/regions.js';
import type { ScopeRecord } from '../store/runs.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import type { PlanInput, PlanResult } from './types.js';

/**
 * Plans a crawl: loads the connection, checks the task and the credentials, expands the task's commands
 * × the connection's regions into scopes (spec §2.4; global services once), opens the run ledger and
 * sets the connection status "In progress".
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
    const regions = provider.regions(conn);
    const scopes: Scope[] = [];
    for (const command of commands) {
      const kind = provider.resources[command];
      if (!kind)
        throw new Error(`provider ${provider.id}: task ${input.task} names unknown command ${command}`);
      const labels = kind.global ? ['global'] : regions;
      if (labels.length === 0)
        throw new BadRequestError('regions', `connection ${input.connectionId} has no region to crawl`);
      for (const region of labels) {
        scopes.push({
          key: `${command}@${kind.global ? 'global' : regionCode(region)}`,
          command,
          entity: kind.entity,
          region,
        });
      }
    }
    const now = deps.now();
    await deps.store.runs.open({
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
    await deps.store.connections.setStatus(
      input.connectionId,
      input.task,
      'warning',
      `In progress. ${input.task}`,
      now,
    );
    // After the ledger is open, so a run with bad credentials is recorded as failed.
    await cache.credentials(input.connectionId);
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
