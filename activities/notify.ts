import { privateToken, sendJson } from '../core/http.js';
import type { RunStatus } from '../core/model.js';
import type { ActivityDeps, ConnectionCache } from './deps.js';
import { loadPlan } from './batch.js';
import type { BatchInput } from './types.js';

const WS_TYPE: Record<RunStatus, 'success' | 'warning' | 'danger'> = {
  completed: 'success',
  partial: 'warning',
  running: 'warning',
  cancelled: 'warning',
  failed: 'danger',
};

/**
 * One start-up line naming the outbound steps that are off because their URL is unset (empty
 * MAESTRO_AUDIT_URI / MAESTRO_WEBSOCKET_URI), or undefined when both are on.
 */
export function disabledStepsLine(config: { auditUri: string; websocketUri: string }): string | undefined {
  const off = [
    ...(config.auditUri ? [] : ['external audit (MAESTRO_AUDIT_URI)']),
    ...(config.websocketUri ? [] : ['websocket notifications (MAESTRO_WEBSOCKET_URI)']),
  ];
  return off.length > 0 ? `discovery: off, as their URL is unset: ${off.join(', ')}` : undefined;
}

/** Discovery's bookkeeping on an inventory document (store/inventory.ts): not Maestro's to audit. */
const BOOKKEEPING = [
  'connection_id',
  'tenant_id',
  'crawl_scope',
  'first_seen',
  'last_seen',
  'last_seen_run',
  'deactivated_at',
] as const;

/** The document as Maestro knows it: what the audit app receives (spec §8.3). */
export function maestroDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const out = { ...doc };
  for (const f of BOOKKEEPING) delete out[f];
  return out;
}

/** Listeners outside Discovery: Maestro's audit app and the Centrifugo websocket hub (spec §8.2, §8.3). */
export function notifyActivities(deps: ActivityDeps, cache: ConnectionCache) {
  let token: Promise<string> | undefined;
  const auth = () => (token ??= privateToken(deps.config.secretJwtPrivate, deps.config.noauth));

  return {
    /**
     * POST (created) or PUT (otherwise) `audit/<entity>/<_id>` for each change of a batch not yet sent,
     * with an idempotency key; sent changes are marked so a retry does not send them twice.
     */
    async externalAuditBatch(input: BatchInput): Promise<{ sent: number }> {
      const base = deps.config.auditUri;
      if (!base) return { sent: 0 };
      const planned = (await loadPlan(deps, input)).writes.map((p) => p.unique_id);
      const changes = (
        await deps.store.changes.forResources(input.runId, input.scope.entity, planned)
      ).filter((c) => !c.audit_sent_at);
      if (changes.length === 0) return { sent: 0 };
      const docs = await deps.store.inventory.findByUniqueIds(
        input.scope.entity,
        input.connectionId,
        changes.map((c) => c.unique_id),
      );
      const byId = new Map(docs.map((d) => [d.unique_id, d]));
      const headers = { authorization: `JWT ${await auth()}` };
      const sent: string[] = [];
      try {
        for (const change of changes) {
          const doc = byId.get(change.unique_id);
          if (!doc) continue;
          const { _id, ...body } = maestroDocument(doc);
          const res = await sendJson(
            change.kind === 'created' ? 'POST' : 'PUT',
            `${base}/audit/${input.scope.entity}/${String(_id)}`,
            body,
            { ...headers, 'idempotency-key': change._id },
            deps.config.httpTimeoutMs,
          );
          if (res.status >= 400) throw new Error(`audit app answered HTTP ${res.status} for ${change._id}`);
          sent.push(change._id);
        }
      } finally {
        await deps.store.changes.markAudited(sent, deps.now());
      }
      return { sent: sent.length };
    },

    /** Publishes the end of a crawl to `maestro-<owner id>` (spec §8.2). */
    async notifyWebsocket(input: {
      connectionId: string;
      task: string;
      status: RunStatus;
    }): Promise<{ sent: boolean }> {
      const base = deps.config.websocketUri;
      if (!base) return { sent: false };
      const { conn, ownership } = await cache.context(input.connectionId);
      if (!ownership.tenantId) return { sent: false };
      const res = await sendJson(
        'POST',
        `${base}/api`,
        {
          method: 'publish',
          params: {
            channel: `maestro-${ownership.tenantId}`,
            data: {
              notify: {
                title: conn.dc ?? conn.provider,
                msg: `Finish Sync - [${conn.provider}] ${input.task}`,
                type: WS_TYPE[input.status],
              },
              event: { caller: ['connections-update', `connections-${input.connectionId}`] },
            },
          },
        },
        { authorization: `apikey ${deps.config.websocketSecret}` },
        deps.config.httpTimeoutMs,
      );
      if (res.status >= 400) throw new Error(`websocket hub answered HTTP ${res.status}`);
      return { sent: true };
    },
  };
}
