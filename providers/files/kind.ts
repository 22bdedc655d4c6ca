import type { Entity, MappingContext, NormalizedRecord } from '../../core/model.js';
import type { Extract } from './formats.js';

/**
 * One command of a file source, whatever the transport: how a file becomes raw items, and the pure
 * mapping of one raw item. The provider pairs it with the connection's transport (providers/files/).
 */
export interface FileKind {
  /** Command id: the original's `access` name (spec §3.1), it names scopes in the ledger. */
  command: string;
  entity: Entity;
  fields: readonly string[];
  /** Maestro's recipe labels (permission.json). */
  recipe: { access: string; result_path: string; key_comparer: string; family?: string };
  extract: Extract;
  normalize: (raw: unknown, ctx: MappingContext) => NormalizedRecord[];
}
