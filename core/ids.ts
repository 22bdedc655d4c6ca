/** An id as a string: ObjectIds by their hex form, strings as they are (crawl ownership, API, CLI). */
export function idString(id: unknown): string | undefined {
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string') return id;
  if (typeof (id as { toHexString?: unknown }).toHexString === 'function')
    return (id as { toHexString(): string }).toHexString();
  return JSON.stringify(id);
}
