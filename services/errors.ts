import { DiscoveryError, ErrorType } from '../core/errors.js';

/** The task is not one of the provider's (spec §3.1): 422 on the Maestro route, 400 on /v1. */
export class UnknownTaskError extends DiscoveryError {
  constructor(task: string, provider: string, known: string[]) {
    super(ErrorType.BadRequest, `task: "${task}" is not a task of ${provider} (known: ${known.join(', ')})`, {
      details: { field: 'task', known },
    });
  }
}

/** The thing to create exists already (409). */
export class ConflictError extends DiscoveryError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorType.Conflict, message, { details });
  }
}
