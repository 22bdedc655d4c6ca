// store/object-id.ts: which ids are stored as ObjectIds (Maestro's), and every form one may be stored under.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObjectId } from 'mongodb';
import { idString } from '../../core/ids.js';
import { isObjectIdHex, storedId, storedIdForms } from '../../store/object-id.js';

const HEX = '65a1f0c2e4b0a1b2c3d4e5f6';

void describe('ObjectId or string', () => {
  void test('24 hex digits, either case, are an ObjectId; anything else is not', () => {
    assert.equal(isObjectIdHex(HEX), true);
    assert.equal(isObjectIdHex(HEX.toUpperCase()), true);
    // ObjectId.isValid accepts any 12-character string; a 12-letter name must stay a string.
    for (const id of ['', 'tenant-a', 'abcdefghijkl', `${HEX}0`, HEX.slice(1), `${HEX.slice(1)}g`])
      assert.equal(isObjectIdHex(id), false, id);
  });

  void test('storedId: an ObjectId for a hex id, the string otherwise; idString goes back', () => {
    const oid = storedId(HEX);
    assert.ok(oid instanceof ObjectId);
    assert.equal(idString(oid), HEX);
    assert.equal(storedId('abcdefghijkl'), 'abcdefghijkl');
  });

  void test('storedIdForms: both forms of a hex id, the string alone otherwise', () => {
    const forms = storedIdForms(HEX);
    assert.equal(forms.length, 2);
    assert.ok(forms[0] instanceof ObjectId && forms[0].equals(HEX));
    assert.equal(forms[1], HEX);
    assert.deepEqual(storedIdForms('tenant-a'), ['tenant-a']);
  });
});
