import { DiscoveryError, ErrorType } from '../../core/errors.js';

/**
 * A file of the source cannot be used: unreadable, not JSON, or not the expected shape. Not retryable:
 * the scope ends `failed` with the file and the reason in the ledger, and nothing is deactivated (a
 * source is complete only when every file was read and parsed).
 */
export class FileDataError extends DiscoveryError {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string, cause?: unknown) {
    super(ErrorType.BadProviderData, `${file}: ${reason}`, { details: { file, reason }, cause });
    this.file = file;
    this.reason = reason;
  }
}

/** The source holds no file at all (a mistyped prefix or path must not deactivate the inventory). */
export class EmptySourceError extends DiscoveryError {
  constructor(where: string) {
    super(ErrorType.BadProviderData, `no file found at ${where}`, { details: { where } });
  }
}
