import { Type, type TSchema } from 'typebox';
import { CURSOR_PATTERNS } from '../services/pagination.js';
import { NON_BLANK } from './contract.js';

/** TypeBox schemas of the HTTP API: request parts and every response body. */

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code (bad_request, not_found, ...).' }),
      message: Type.String(),
      details: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'e.g. `field`: the offending field (`body.credentials.secret`).',
        }),
      ),
    }),
  },
  { $id: 'Error', description: 'Every /v1 error' },
);

/** Maestro's 401 body (spec §2.1). */
export const LegacyAuthError = Type.Object({ error: Type.Object({ msg: Type.String() }) });
/** Maestro's 400/404/422 body (spec §2). */
export const LegacyError = Type.Object({ error: Type.String() });

const errorRef = Type.Unsafe<{ error: { code: string; message: string; details?: Record<string, unknown> } }>(
  Type.Ref('Error'),
);

/**
 * Response schemas of the error codes a /v1 route can answer: always 400 (a malformed URL, parameter or
 * body), 401 and 500, plus `codes`.
 */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries([400, 401, 500, ...codes].map((c) => [c, errorRef]));
}

export const Id = Type.String({ minLength: 1, maxLength: 200 });
/** The longest schedule interval: a year (Temporal keeps intervals as durations; far larger ones fail). */
export const MAX_SCHEDULE_SECONDS = 366 * 24 * 3600;

export const Task = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });
export const Limit = Type.Integer({ minimum: 1, maximum: 500, description: 'Page size (default 50).' });
/** The `cursor` query parameter of a list: `nextCursor` of its previous page, in the list's format. */
export function cursor(list: keyof typeof CURSOR_PATTERNS) {
  return Type.String({
    pattern: CURSOR_PATTERNS[list],
    description: 'nextCursor of the previous page (any value of this format is a position in the list).',
  });
}

/** A string with at least one non-blank character (names, region labels: the handlers trim them). */
export function nonBlank(opts: { maxLength?: number; description?: string } = {}) {
  return Type.String({ minLength: 1, pattern: NON_BLANK, ...opts });
}

export function page(item: TSchema) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Optional(Type.String({ description: 'Absent on the last page.' })),
  });
}

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const Connection = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    provider: Type.String({ description: 'Provider label as stored (Maestro: "AWS").' }),
    providerId: Nullable(Type.String({ description: 'Registry id ("aws"); null if no provider serves it.' })),
    service: Type.String(),
    regions: Type.Array(Type.String()),
    tenantId: Nullable(Type.String()),
    status: Nullable(Type.String()),
    active: Type.Boolean(),
    format: Type.Union([Type.Literal('maestro'), Type.Literal('discovery'), Type.Literal('none')]),
    process: Type.Record(Type.String(), Type.Object({ state: Type.String(), msg: Type.String() })),
    createdAt: Nullable(Type.String()),
    updatedAt: Nullable(Type.String()),
  },
  { additionalProperties: false, description: 'A connection; credentials are never returned.' },
);

const Credentials = Type.Record(Type.String(), Type.Unknown(), {
  description: "The provider's credential fields (AWS: access, secret). Stored encrypted, never returned.",
});
const Regions = Type.Array(nonBlank(), {
  minItems: 1,
  maxItems: 100,
  description: 'Region codes or labels ("us-east-1" or "us-east-1 (N. Virginia)").',
});

export const ConnectionCreate = Type.Object(
  {
    provider: Type.String({ minLength: 1, description: 'Any provider name: "aws", "AWS", "iam_aws".' }),
    name: nonBlank({ maxLength: 200 }),
    regions: Regions,
    credentials: Credentials,
    tenantId: Type.Optional(
      Type.String({
        minLength: 1,
        description: "Owner tenant; required with a private token, else the caller's.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ConnectionUpdate = Type.Object(
  {
    name: Type.Optional(nonBlank({ maxLength: 200 })),
    regions: Type.Optional(Regions),
    credentials: Type.Optional(Credentials),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CredentialTest = Type.Object({
  ok: Type.Boolean(),
  region: Type.String(),
  error: Type.Optional(Type.Object({ type: Type.String(), message: Type.String() })),
});

const Counts = Type.Object({
  ...(Object.fromEntries(
    ['pages', 'items', 'created', 'updated', 'unchanged', 'deactivated', 'reactivated', 'skipped'].map(
      (k) => [k, Type.Integer()],
    ),
  ) as Record<
    'pages' | 'items' | 'created' | 'updated' | 'unchanged' | 'deactivated' | 'reactivated' | 'skipped',
    ReturnType<typeof Type.Integer>
  >),
  // Optional: runs recorded before conflicts were counted lack it.
  conflicts: Type.Optional(
    Type.Integer({ description: "Resources whose unique_id another tenant's document holds: not written." }),
  ),
});

export const StartedCrawl = Type.Object({
  id: Type.String({ description: 'Crawl id: the Temporal run id, also the discovery_runs id.' }),
  workflowId: Type.String(),
  connectionId: Type.String(),
  task: Type.String(),
  started: Type.Boolean({
    description: 'False: a crawl of this connection and task was running; attached to it.',
  }),
  trigger: Type.Union(
    [Type.Literal('started'), Type.Literal('queued'), Type.Literal('attached'), Type.Literal('pending')],
    {
      description:
        'started: a crawl starts for this call; queued: a crawl was running, one follow-up crawl starts when it ends (id is the running crawl); attached: joins a crawl that has not planned yet, or that follow-up; pending: recorded, but no worker took it within 10 s (is a worker running?) — it is handled when one does.',
    },
  ),
});

export const CrawlStatus = Type.Object({
  id: Type.String(),
  workflowId: Type.String(),
  connectionId: Type.String(),
  task: Type.String(),
  status: Type.String({ description: 'planning, running, completed, partial, failed, cancelled' }),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  totals: Nullable(Counts),
  scopes: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.Object({ type: Type.String(), message: Type.String() })),
  live: Type.Boolean({ description: 'True: figures from the running workflow (progress query).' }),
});

export const CancelledCrawl = Type.Object({
  id: Nullable(Type.String()),
  workflowId: Type.String(),
  cancelled: Type.Boolean({ description: 'False: the latest crawl had already finished.' }),
});

export const Resource = Type.Object(
  { id: Type.String(), entity: Type.String() },
  { additionalProperties: true, description: "An inventory document in Maestro's fields." },
);

export const Change = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'created, updated, deactivated, reactivated' }),
  runId: Type.String(),
  scope: Type.String(),
  at: Type.String(),
  diff: Type.Array(Type.Unknown()),
  unset: Type.Array(Type.String()),
});

export const Schedule = Type.Object({
  id: Type.String(),
  connectionId: Type.String(),
  task: Type.String(),
  everySeconds: Nullable(Type.Integer()),
  paused: Type.Boolean(),
  note: Nullable(Type.String()),
  nextRunAt: Nullable(Type.String()),
  running: Type.Array(Type.String()),
  recentRuns: Type.Array(
    Type.Object({ workflowId: Type.String(), runId: Type.String(), scheduledAt: Type.String() }),
  ),
});

export const ScheduleCreate = Type.Object(
  {
    task: Task,
    everySeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: MAX_SCHEDULE_SECONDS,
        description: "Default: the task's interval in spec §3.3 (server-list: 300).",
      }),
    ),
    paused: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ProviderSummary = Type.Object({
  id: Type.String(),
  label: Type.String(),
  services: Type.Array(Type.String()),
  tasks: Type.Array(
    Type.Object({
      name: Type.String(),
      entities: Type.Array(Type.String()),
      defaultIntervalSeconds: Type.Optional(Type.Integer()),
    }),
  ),
  credentialFields: Type.Array(
    Type.Object({
      name: Type.String(),
      label: Type.String(),
      secret: Type.Optional(Type.Boolean()),
      optional: Type.Optional(Type.Boolean()),
    }),
  ),
  regions: Type.Array(Type.String()),
});
