import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DiscoveryError, ErrorType } from '../core/errors.js';
import { AuthError } from './auth.js';

/**
 * The HTTP edge of the error hierarchy: every error becomes `{error: {code, message, details}}` with the
 * offending field named; a 5xx says only "internal error" (the cause goes to the log, never the client).
 */
export interface ErrorPayload {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const BY_TYPE: Partial<Record<string, { status: number; code: string }>> = {
  [ErrorType.BadRequest]: { status: 400, code: 'bad_request' },
  [ErrorType.InvalidCredentials]: { status: 400, code: 'invalid_credentials' },
  [ErrorType.NotFound]: { status: 404, code: 'not_found' },
  [ErrorType.Conflict]: { status: 409, code: 'conflict' },
  [ErrorType.Config]: { status: 503, code: 'not_configured' },
};

interface AjvIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body" + "/credentials/access" → "body.credentials.access"; a missing property is named too. */
function fieldOf(context: string, issue: AjvIssue): string {
  const path = issue.instancePath.split('/').filter(Boolean);
  const extra = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return [context, ...path].join('.');
}

function issueMessage(issue: AjvIssue): string {
  if (typeof issue.params.additionalProperty === 'string') return 'is not allowed';
  if (typeof issue.params.missingProperty === 'string') return 'is required';
  return issue.message ?? 'is invalid';
}

/** Classifies any thrown value into a payload that is safe to send. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AuthError) return { status: 401, code: 'unauthorized', message: err.reason };
  if (err instanceof DiscoveryError) {
    const known = BY_TYPE[err.type];
    if (known) {
      const { problems: _problems, ...details } = err.details;
      return { ...known, message: err.message, ...(Object.keys(details).length > 0 ? { details } : {}) };
    }
  }
  const fe = err as Partial<FastifyError> & { validation?: AjvIssue[] };
  if (Array.isArray(fe.validation) && fe.validation.length > 0) {
    const context = fe.validationContext ?? 'request';
    const problems = fe.validation.map((i) => ({ field: fieldOf(context, i), message: issueMessage(i) }));
    const first = problems[0]!;
    return {
      status: 400,
      code: 'validation_error',
      message: `${first.field}: ${first.message}`,
      details: { field: first.field, problems },
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      code: fe.code ? fe.code.replace(/^FST_ERR_/, '').toLowerCase() : 'bad_request',
      message: fe.message ?? 'bad request',
    };
  }
  return { status: 500, code: 'internal', message: 'Internal error' };
}

export function sendError(reply: FastifyReply, p: ErrorPayload): FastifyReply {
  return reply
    .code(p.status)
    .type('application/json')
    .send({ error: { code: p.code, message: p.message, ...(p.details ? { details: p.details } : {}) } });
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const payload = toErrorPayload(err);
  if (payload.status >= 500) request.log.error({ err }, 'request failed');
  return sendError(reply, payload);
}
