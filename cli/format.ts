import type { Counts } from '../core/model.js';

/** Plain-text tables and counters for the CLI's human output. */
export function formatTable(header: string[], rows: string[][], numericFrom = Infinity): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (row: string[]): string =>
    row
      .map((cell, i) => (i >= numericFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

export const COUNT_COLUMNS = [
  'pages',
  'items',
  'created',
  'updated',
  'unchanged',
  'deactivated',
  'reactivated',
  'skipped',
] as const satisfies readonly (keyof Counts)[];

export function countCells(c: Counts): string[] {
  return COUNT_COLUMNS.map((k) => String(c[k]));
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A timestamp (a Date or an ISO string) to the second, or `-`. */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '-';
  return (typeof d === 'string' ? d : d.toISOString()).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** One JSON document on stdout (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function println(line = ''): void {
  process.stdout.write(`${line}\n`);
}
