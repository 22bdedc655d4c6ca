// A fake Azure Resource Manager (and the Entra ID token endpoints @azure/identity calls), over HTTPS, for
// the Azure provider's tests: no Azure emulator exists. One router over a fixture table: "list" (with
// real nextLink paging: absolute URLs back here, `$skiptoken` = opaque offset), "get" by ARM id, and the
// VM size catalogue. Any `api-version` is accepted (the SDKs move faster than the examples). Errors are
// Azure's real bodies (`azureError`), injected per subscription through the kit's faults.
import { createPublicKey, createVerify, randomUUID, verify as verifySignature, constants } from 'node:crypto';
import {
  bearerAuth,
  decodeToken,
  encodeToken,
  linkTo,
  slice,
  startFakeServer,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  type Route,
} from '../kit.js';
import {
  ARM_KINDS,
  SUBSCRIPTIONS_EXAMPLE,
  VM_SIZES_EXAMPLE,
  exampleItems,
  knownKeys,
  subscriptionResources,
  type ArmKind,
} from './fixtures.js';

type Json = Record<string, unknown>;

export interface FakeArmOptions {
  tenant: string;
  clientId: string;
  /** The client secret the token endpoint accepts. */
  secret: string;
  /** PEM certificate whose key may sign client assertions (certificate credentials). */
  certificatePem?: string;
  /** Subscription ids the principal sees, in order. */
  subscriptions: string[];
  /** Subscriptions listed with state `Disabled`. */
  disabled?: string[];
  /** Resources of each kind per subscription (default 7). */
  perKind?: number;
  /** Items per page of every list (default 3: 7 resources → 3 pages). */
  pageSize?: number;
}

export interface FakeArm {
  server: FakeServer;
  url: string;
  /** The authority host to give @azure/identity (`authorityHost`). */
  authorityHost: string;
  /** The live resource table: `resources(sub, 'virtualMachines')` (mutable: delete to simulate removal). */
  resources(sub: string, kind: string): Json[];
  /** Removes a resource by name; true if it existed. */
  remove(sub: string, kind: string, name: string): boolean;
  /** Tokens issued so far (a test checks none reaches a document or a log). */
  readonly tokens: string[];
  /** `fake.inject` for every request under `/subscriptions/<sub>/` (optionally one kind only). */
  failSubscription(
    sub: string,
    fault: { status: number; body: unknown; retryAfter?: number; times?: number; kind?: string },
  ): void;
  close(): Promise<void>;
}

/** Azure's error envelope (ARM `{error: {code, message}}`). */
export function azureError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** The bodies ARM and Entra ID really send for the failures the provider classifies. */
export const AZURE_ERRORS = {
  authorizationFailed: (sub: string, action: string) =>
    azureError(
      'AuthorizationFailed',
      `The client '11111111-1111-1111-1111-111111111111' with object id '11111111-1111-1111-1111-111111111111' does not have authorization to perform action '${action}' over scope '/subscriptions/${sub}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  subscriptionNotFound: (sub: string) =>
    azureError('SubscriptionNotFound', `The subscription '${sub}' could not be found.`),
  notRegistered: (namespace: string) =>
    azureError(
      'MissingSubscriptionRegistration',
      `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
    ),
  throttled: (sub: string) =>
    azureError(
      'SubscriptionRequestsThrottled',
      `Number of 'read' requests for subscription '${sub}' actor '11111111-1111-1111-1111-111111111111' exceeded. Please try again after '1' seconds after additional '1' requests. Please see https://aka.ms/ARMThrottling for workaround.`,
    ),
  internal: () =>
    azureError(
      'InternalServerError',
      'Encountered internal server error. Diagnostic information: timestamp 20261202T060000Z.',
    ),
  invalidToken: () => azureError('InvalidAuthenticationToken', 'The access token is invalid.'),
};

/** Entra ID's OAuth error body (`AADSTS…`), as MSAL receives it. */
function aadError(error: string, code: number, description: string): Json {
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: 2026-12-02 06:00:00Z`,
    error_codes: [code],
    timestamp: '2026-12-02 06:00:00Z',
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
}

function decodeJwtPart(part: string): Json | undefined {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

/** Checks a certificate client assertion: issuer/subject the client, signed by the registered key. */
function assertionValid(assertion: string, clientId: string, certificatePem: string | undefined): boolean {
  if (!certificatePem) return false;
  const [h, p, s] = assertion.split('.');
  if (!h || !p || !s) return false;
  const header = decodeJwtPart(h);
  const payload = decodeJwtPart(p);
  if (!header || !payload || payload.iss !== clientId || payload.sub !== clientId) return false;
  const key = createPublicKey(certificatePem);
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  if (header.alg === 'RS256') return createVerify('RSA-SHA256').update(data).verify(key, sig);
  if (header.alg === 'PS256')
    return verifySignature(
      'sha256',
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      sig,
    );
  return false;
}

export async function startFakeArm(opts: FakeArmOptions): Promise<FakeArm> {
  const perKind = opts.perKind ?? 7;
  const pageSize = opts.pageSize ?? 3;
  const tables = new Map<string, Map<string, Json[]>>();
  opts.subscriptions.forEach((sub, i) =>
    tables.set(sub.toLowerCase(), subscriptionResources(sub, i + 1, perKind)),
  );
  const tokens: string[] = [];
  const known = new Map(ARM_KINDS.map((k) => [k.key, knownKeys(k)]));

  const page = (req: FakeRequest, items: readonly Json[]): FakeResponse => {
    const p = slice(items, decodeToken(req.query.get('$skiptoken')), pageSize);
    return {
      body: {
        value: p.items,
        ...(p.next === undefined ? {} : { nextLink: linkTo(req, { $skiptoken: encodeToken(p.next) }) }),
      },
    };
  };
  const tableOf = (sub: string): Map<string, Json[]> | FakeResponse => {
    const t = tables.get(sub.toLowerCase());
    return t ?? { status: 404, body: AZURE_ERRORS.subscriptionNotFound(sub) };
  };
  const isResponse = (v: unknown): v is FakeResponse => !(v instanceof Map);

  const tenantRoutes: Route[] = [
    {
      name: 'openid-configuration',
      path: '/:tenant/v2.0/.well-known/openid-configuration',
      public: true,
      handler: (req) => {
        const t = req.params.tenant!;
        if (t !== opts.tenant)
          return {
            status: 400,
            body: aadError(
              'invalid_tenant',
              90002,
              `Tenant '${t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
            ),
          };
        const base = `${req.baseUrl}/${t}`;
        return {
          body: {
            token_endpoint: `${base}/oauth2/v2.0/token`,
            token_endpoint_auth_methods_supported: [
              'client_secret_post',
              'private_key_jwt',
              'client_secret_basic',
            ],
            jwks_uri: `${base}/discovery/v2.0/keys`,
            response_modes_supported: ['query', 'fragment', 'form_post'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
            scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
            issuer: `${base}/v2.0`,
            request_uri_parameter_supported: false,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            tenant_region_scope: 'WW',
            cloud_instance_name: 'microsoftonline.com',
          },
        };
      },
    },
    {
      name: 'token',
      method: 'POST',
      path: '/:tenant/oauth2/v2.0/token',
      public: true,
      handler: (req) => {
        const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
        if (req.params.tenant !== opts.tenant)
          return {
            status: 400,
            body: aadError('invalid_tenant', 90002, `Tenant '${req.params.tenant}' not found.`),
          };
        if (form.get('client_id') !== opts.clientId)
          return {
            status: 400,
            body: aadError(
              'unauthorized_client',
              700016,
              `Application with identifier '${form.get('client_id')}' was not found in the directory '${opts.tenant}'.`,
            ),
          };
        const secret = form.get('client_secret');
        const assertion = form.get('client_assertion');
        const ok =
          (secret !== null && secret === opts.secret) ||
          (assertion !== null && assertionValid(assertion, opts.clientId, opts.certificatePem));
        if (!ok)
          return {
            status: 401,
            body: aadError(
              'invalid_client',
              7000215,
              `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${opts.clientId}'.`,
            ),
          };
        const token = `fake-arm-token-${randomUUID()}`;
        tokens.push(token);
        return {
          body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
        };
      },
    },
  ];

  const subscriptionsTemplate = exampleItems(SUBSCRIPTIONS_EXAMPLE)[0]!;
  const armRoutes: Route[] = [
    {
      name: 'subscriptions',
      path: '/subscriptions',
      handler: (req) =>
        page(
          req,
          opts.subscriptions.map((sub, i) => ({
            ...structuredClone(subscriptionsTemplate),
            id: `/subscriptions/${sub}`,
            subscriptionId: sub,
            displayName: `Discovery test subscription ${i + 1}`,
            tenantId: opts.tenant,
            state: opts.disabled?.includes(sub) ? 'Disabled' : 'Enabled',
          })),
        ),
    },
    {
      name: 'vmSizes',
      path: '/subscriptions/:sub/providers/Microsoft.Compute/locations/:location/vmSizes',
      handler: (req) => {
        const t = tableOf(req.params.sub!);
        return isResponse(t) ? t : { body: { value: exampleItems(VM_SIZES_EXAMPLE) } };
      },
    },
    ...ARM_KINDS.map((kind): Route => ({
      name: kind.key,
      path: `/subscriptions/:sub/providers/${kind.namespace}/${kind.type}`,
      handler: (req) => {
        const t = tableOf(req.params.sub!);
        return isResponse(t) ? t : page(req, t.get(kind.key) ?? []);
      },
    })),
    {
      name: 'get',
      path: '/subscriptions/:sub/resourceGroups/:rg/providers/:ns/:type/:name',
      handler: (req) => {
        const t = tableOf(req.params.sub!);
        if (isResponse(t)) return t;
        const kind = ARM_KINDS.find((k) => k.type.toLowerCase() === req.params.type!.toLowerCase());
        const id = req.path.toLowerCase();
        const item = kind && t.get(kind.key)?.find((r) => (r.id as string).toLowerCase() === id);
        return item
          ? { body: item }
          : {
              status: 404,
              body: azureError(
                'ResourceNotFound',
                `The Resource '${req.params.ns}/${req.params.type}/${req.params.name}' under resource group '${req.params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
              ),
            };
      },
    },
  ];

  const server = await startFakeServer({
    name: 'fake-arm',
    tls: true,
    routes: [...tenantRoutes, ...armRoutes],
    auth: bearerAuth((t) => tokens.includes(t), AZURE_ERRORS.invalidToken()),
    validate: (req, res, route) => validateArm(req, res, route, known),
  });

  return {
    server,
    url: server.url,
    authorityHost: server.url,
    tokens,
    resources: (sub, kind) => tables.get(sub.toLowerCase())?.get(kind) ?? [],
    remove: (sub, kind, name) => {
      const list = tables.get(sub.toLowerCase())?.get(kind);
      const at = list?.findIndex((r) => r.name === name) ?? -1;
      if (!list || at < 0) return false;
      list.splice(at, 1);
      return true;
    },
    failSubscription: (sub, f) => {
      const prefix = `/subscriptions/${sub.toLowerCase()}/`;
      const kind = f.kind ? ARM_KINDS.find((k) => k.key === f.kind) : undefined;
      server.inject({
        match: (req) => {
          const path = req.path.toLowerCase();
          return path.startsWith(prefix) && (!kind || path.endsWith(`/${kind.type.toLowerCase()}`));
        },
        status: f.status,
        body: f.body,
        ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}),
        ...(f.times !== undefined ? { times: f.times } : {}),
      });
    },
    close: () => server.close(),
  };
}

/**
 * What the fake serves, checked against the vendor examples: every item's keys (and `properties.*`
 * keys) are keys the examples use, its `id` is an ARM id of the route's type ending in its `name`, and
 * `nextLink` is an absolute URL back to this server.
 */
function validateArm(
  req: FakeRequest,
  res: FakeResponse,
  route: Route,
  known: Map<string, Set<string>>,
): string[] {
  const problems: string[] = [];
  const body = res.body as Json | undefined;
  const kind: ArmKind | undefined = ARM_KINDS.find((k) => k.key === route.name);
  if (!kind || !body) return problems;
  const keys = known.get(kind.key)!;
  const items = (body.value as Json[] | undefined) ?? [];
  if (!Array.isArray(body.value)) problems.push('list body without a value array');
  const next = body.nextLink;
  if (next !== undefined && !(typeof next === 'string' && next.startsWith(`${req.baseUrl}/`)))
    problems.push(`nextLink ${JSON.stringify(next)} does not point back to the fake`);
  for (const item of items) {
    for (const [k, v] of Object.entries(item)) {
      if (!keys.has(k)) problems.push(`${String(item.name)}: key ${k} is not in the vendor examples`);
      if (k === 'properties' && v && typeof v === 'object')
        for (const pk of Object.keys(v))
          if (!keys.has(`properties.${pk}`))
            problems.push(`${String(item.name)}: properties.${pk} is not in the vendor examples`);
    }
    const id = typeof item.id === 'string' ? item.id : '';
    const re = new RegExp(
      `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${kind.namespace}/${kind.type}/([^/]+)$`,
      'i',
    );
    const m = re.exec(id);
    if (!m) problems.push(`id ${id} is not a ${kind.namespace}/${kind.type} ARM id`);
    else if (m[1] !== item.name) problems.push(`id ${id} does not end in the name ${String(item.name)}`);
  }
  return problems;
}
