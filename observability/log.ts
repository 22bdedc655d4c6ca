/**
 * Structured logs: one JSON object per line on stdout (stderr for warn and error), so a log shipper
 * (Loki, CloudWatch, Stackdriver...) indexes the fields without parsing prose. Used by the worker
 * (crawl events, provider errors, the Temporal runtime's own log) and the CLI processes.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogFn = (level: LogLevel, msg: string, fields?: LogFields) => void;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Field names whose values never reach a log line, at any depth: credentials travel in `conn`
 * (Maestro's JWT), `credentials` (Discovery's AES-GCM blob) and the usual secret-bearing names.
 */
const SECRET_KEY =
  /^(conn|credentials?|secret.*|.*password.*|.*secret|.*token|authorization|cookie|access|access_?key.*|secret_?key|private_?key|session_?token|mongo_?uri|uri)$/i;

export interface JsonLoggerOptions {
  level: string;
  /** `service` field on every line ("discovery-worker"). */
  service: string;
  /** Where lines go (default: stdout, stderr for warn and error). */
  write?: (line: string, level: LogLevel) => void;
}

const defaultWrite = (line: string, level: LogLevel): void => {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n');
};

export function createJsonLogger(opts: JsonLoggerOptions): LogFn {
  const min = Math.max(0, LEVELS.indexOf(opts.level as LogLevel));
  const write = opts.write ?? defaultWrite;
  return (level, msg, fields) => {
    if (LEVELS.indexOf(level) < min) return;
    write(jsonLine(level, msg, opts.service, fields), level);
  };
}

export function jsonLine(level: LogLevel, msg: string, service: string, fields?: LogFields): string {
  const body: LogFields = { time: new Date().toISOString(), level, service, msg };
  for (const [k, v] of Object.entries(fields ?? {})) if (!(k in body)) body[k] = redact(k, v, 0);
  return JSON.stringify(body);
}

/** Drops secret-named fields (at any depth) and turns errors and dates into plain values. */
export function redact(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (value instanceof Error) return { type: value.name, message: value.message };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact('', v, depth + 1));
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) out[k] = redact(k, v, depth + 1);
  return out;
}
