// Google's error bodies, as the JSON APIs send them (`{error: {code, message, errors[], status,
// details[]}}`; Compute v1 adds the legacy `errors[].reason`, and puts SERVICE_DISABLED in an ErrorInfo
// detail). Used by the GCP fake for its own refusals and by tests to inject faults.
import type { FakeResponse } from '../kit.js';

interface ErrorInfo {
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}

function body(
  code: number,
  status: string,
  message: string,
  legacy: { domain: string; reason: string; location?: string; locationType?: string },
  info?: ErrorInfo,
): FakeResponse['body'] {
  return {
    error: {
      code,
      message,
      errors: [{ message, ...legacy }],
      status,
      ...(info ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', ...info }] } : {}),
    },
  };
}

export const googleErrors = {
  /** A missing, expired, badly signed or revoked credential. */
  unauthenticated: (): FakeResponse => ({
    status: 401,
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
    body: body(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      { domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' },
      { reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' },
    ),
  }),
  /** The credential is valid but lacks the permission on this project. */
  permissionDenied: (permission: string, resource: string): FakeResponse => ({
    status: 403,
    body: body(403, 'PERMISSION_DENIED', `Required '${permission}' permission for '${resource}'`, {
      domain: 'global',
      reason: 'forbidden',
    }),
  }),
  /** The API is not enabled in the project (what Compute answers then). */
  serviceDisabled: (service: string, projectNumber: string): FakeResponse => ({
    status: 403,
    body: body(
      403,
      'PERMISSION_DENIED',
      `${service === 'compute.googleapis.com' ? 'Compute Engine API' : service} has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=${projectNumber} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
      { domain: 'usageLimits', reason: 'accessNotConfigured' },
      {
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: { service, consumer: `projects/${projectNumber}` },
      },
    ),
  }),
  /** Per-minute quota exceeded (429, RESOURCE_EXHAUSTED). */
  rateLimited: (service = 'compute.googleapis.com'): FakeResponse => ({
    status: 429,
    body: body(
      429,
      'RESOURCE_EXHAUSTED',
      `Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service '${service}'.`,
      { domain: 'global', reason: 'rateLimitExceeded' },
      { reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service } },
    ),
  }),
  /** A transient back-end failure (503, UNAVAILABLE). */
  unavailable: (): FakeResponse => ({
    status: 503,
    body: body(503, 'UNAVAILABLE', 'The service is currently unavailable.', {
      domain: 'global',
      reason: 'backendError',
    }),
  }),
  notFound: (what: string): FakeResponse => ({
    status: 404,
    body: body(404, 'NOT_FOUND', `The resource '${what}' was not found`, {
      domain: 'global',
      reason: 'notFound',
    }),
  }),
  badRequest: (message: string): FakeResponse => ({
    status: 400,
    body: body(400, 'INVALID_ARGUMENT', message, { domain: 'global', reason: 'invalid' }),
  }),
};
