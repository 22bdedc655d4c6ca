import { ObjectId } from 'mongodb';

/**
 * Maestro stores ids as ObjectIds, but a document written by another tool may hold the same id as a
 * string. The one place that decides which string is an ObjectId; `core/ids.ts` `idString` goes back.
 */
const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/** Whether `id` is the hex form of an ObjectId (24 hex digits). */
export function isObjectIdHex(id: string): boolean {
  return OBJECT_ID_HEX.test(id);
}

/** An id as Maestro stores it: a 24-hex string becomes an ObjectId, anything else stays a string. */
export function storedId(id: string): ObjectId | string {
  return isObjectIdHex(id) ? new ObjectId(id) : id;
}

/** Every form `id` may be stored under (the ObjectId and the string, or the string alone), for `$in`. */
export function storedIdForms(id: string): Array<ObjectId | string> {
  return isObjectIdHex(id) ? [new ObjectId(id), id] : [id];
}
