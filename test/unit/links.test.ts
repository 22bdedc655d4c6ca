// core/links.ts and the AWS tag helper: application link tokens (spec §6.4), a side channel that is
// never stored or checksummed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordChecksum } from '../../core/changes.js';
import { canonicalJson } from '../../core/canonical.js';
import { applicationTokens, splitTokens, withLinks } from '../../core/links.js';
import { LINKS, type MappingContext, type NormalizedRecord } from '../../core/model.js';
import { applicationLinks } from '../../providers/aws/normalize-helpers.js';
import { normalizeEc2Instance } from '../../providers/aws/resources/ec2-instances.js';

const CTX: MappingContext = { connectionId: 'c', dc: 'dc', dcId: 'dc', provider: 'AWS', region: 'us-east-1' };

void describe('link tokens', () => {
  void test('comma-separated values: trimmed, distinct, empties dropped, order kept', () => {
    assert.deepEqual(splitTokens(' billing, crm ,,billing , '), ['billing', 'crm']);
    assert.deepEqual(splitTokens(''), []);
    assert.deepEqual(splitTokens(undefined), []);
  });

  void test('no tag at all → undefined (applications left untouched); an empty tag → empty lists', () => {
    assert.equal(applicationTokens(undefined, undefined), undefined);
    assert.deepEqual(applicationTokens('', undefined), { applicationNames: [], applicationIds: [] });
  });

  void test('AWS tags: keys matched case-insensitively', () => {
    assert.deepEqual(
      applicationLinks([
        { Key: 'Applications', Value: 'a, b' },
        { Key: 'APPLICATIONS_ID', Value: '65a1f0c2e4b0a1b2c3d4e5f6' },
        { Key: 'Name', Value: 'web' },
      ]),
      { applicationNames: ['a', 'b'], applicationIds: ['65a1f0c2e4b0a1b2c3d4e5f6'] },
    );
    assert.equal(applicationLinks([{ Key: 'Name', Value: 'web' }]), undefined);
    assert.equal(applicationLinks(undefined), undefined);
  });

  void test('the tokens ride on a symbol: not serialized, not checksummed', () => {
    const plain: NormalizedRecord = { unique_id: 'i-1', active: true, name: 'Web' };
    const linked = withLinks({ ...plain }, { applicationNames: ['a'], applicationIds: [] });
    assert.deepEqual(linked[LINKS], { applicationNames: ['a'], applicationIds: [] });
    assert.equal(JSON.stringify(linked), JSON.stringify(plain));
    assert.equal(canonicalJson(linked), canonicalJson(plain));
    assert.equal(recordChecksum(linked), recordChecksum(plain));
    assert.equal(withLinks({ ...plain }, undefined)[LINKS], undefined);
  });

  void test('the EC2 instance normalizer emits the tokens of its tags, and nothing without them', () => {
    const [tagged] = normalizeEc2Instance(
      { InstanceId: 'i-1', State: { Name: 'running' }, Tags: [{ Key: 'applications', Value: 'billing' }] },
      CTX,
    );
    assert.deepEqual(tagged?.[LINKS], { applicationNames: ['billing'], applicationIds: [] });
    assert.equal(tagged?.applications, undefined, 'resolved by the translate step, not the normalizer');
    const [untagged] = normalizeEc2Instance({ InstanceId: 'i-2', State: { Name: 'running' } }, CTX);
    assert.equal(untagged?.[LINKS], undefined);
  });
});
