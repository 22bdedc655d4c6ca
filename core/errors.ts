/**
 * One error hierarchy for the whole service. It is converted once at the Temporal edge
 * (ApplicationFailure type + retryability, see `toApplicationFailure`) and once at the HTTP edge.
 * Workflows branch on the failure *type string* (`ErrorType`), never on classes.
 */
export const ErrorType = {
  InvalidCredentials: 'InvalidCredentials',
  PermissionDenied: 'PermissionDenied',
  Throttled: 'Throttled',
  Transient: 'Transient',
  BadProviderData: 'BadProviderData',
  BadRequest: 'BadRequest',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  Config: 'ConfigError',
  RegionDisabled: 'RegionDisabled',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

export class DiscoveryError extends Error {
  readonly type: ErrorType;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;
  constructor(
    type: ErrorType,
    message: string,
    opts: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = type;
    this.type = type;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details ?? {};
  }
}

/** Credentials are missing, malformed or rejected by the provider. Non-retryable; connection status `danger`. */
export class InvalidCredentialsError extends DiscoveryError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(ErrorType.InvalidCredentials, message, { details, cause });
  }
}

/** The credentials work but may not read this scope: the scope ends `unauthorized`, nothing is deactivated. */
export class PermissionDeniedError extends DiscoveryError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(ErrorType.PermissionDenied, message, { details, cause });
  }
}

/** The region is not enabled for the account (OptInRequired): the scope is skipped. */
export class RegionDisabledError extends DiscoveryError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(ErrorType.RegionDisabled, message, { details, cause });
  }
}

export class ThrottledError extends DiscoveryError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, cause?: unknown) {
    super(ErrorType.Throttled, message, { retryable: true, details: { retryAfterMs }, cause });
    this.retryAfterMs = retryAfterMs;
  }
}

export class TransientError extends DiscoveryError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(ErrorType.Transient, message, { retryable: true, details, cause });
  }
}

/** Bad input from a caller: names the offending field. */
export class BadRequestError extends DiscoveryError {
  constructor(field: string, message: string) {
    super(ErrorType.BadRequest, `${field}: ${message}`, { details: { field } });
  }
}

export class NotFoundError extends DiscoveryError {
  constructor(what: string, id: string) {
    super(ErrorType.NotFound, `${what} ${id} not found`, { details: { what, id } });
  }
}

export class ConfigError extends DiscoveryError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(ErrorType.Config, `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
    this.problems = problems;
  }
}

/** Error types that must never be retried by Temporal. */
export const NON_RETRYABLE_TYPES: string[] = [
  ErrorType.InvalidCredentials,
  ErrorType.PermissionDenied,
  ErrorType.RegionDisabled,
  ErrorType.BadRequest,
  ErrorType.NotFound,
  ErrorType.Config,
];

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A typed error as it is, anything else as a transient error carrying its message. */
export function toDiscoveryError(err: unknown): DiscoveryError {
  return err instanceof DiscoveryError ? err : new TransientError(errorMessage(err));
}
