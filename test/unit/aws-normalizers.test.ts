// providers/aws/resources/ec2-instances.ts, ec2-volumes.ts and normalize-helpers.ts: raw DescribeInstances /
// DescribeVolumes items → Maestro records (spec §6.5, with the §12.5 and §12.6 fixes).
//
// Fixtures in test/fixtures/aws are shaped exactly like the AWS SDK v3 output (one Instance / one Volume);
// JSON has no Dates, so the SDK's Date fields are stored as ISO strings and revived before normalizing.
// Each *.golden.json is the expected record after a JSON round-trip (Dates → ISO strings, ObjectId → hex).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Instance, Volume } from '@aws-sdk/client-ec2';
import { ObjectId } from 'mongodb';
import { classifyRecord } from '../../core/changes.js';
import type { MappingContext, NormalizedRecord } from '../../core/model.js';
import { capitalize, compact, mapTags, tagValue, toDate } from '../../providers/aws/normalize-helpers.js';
import { EC2_INSTANCE_FIELDS, normalizeEc2Instance } from '../../providers/aws/resources/ec2-instances.js';
import { EC2_VOLUME_FIELDS, normalizeEc2Volume } from '../../providers/aws/resources/ec2-volumes.js';

const CTX: MappingContext = {
  connectionId: '65a1f0c2e4b0a1b2c3d4e5f6',
  dc: 'Production AWS',
  dcId: new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7'),
  provider: 'AWS',
  region: 'us-east-1 (N. Virginia)',
};

function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/aws/${name}`, import.meta.url), 'utf8')) as T;
}

function reviveDate(obj: Record<string, unknown> | undefined, key: string): void {
  if (obj && typeof obj[key] === 'string') obj[key] = new Date(obj[key]);
}

/** A DescribeInstances item as the SDK returns it: the JSON fixture with its Date fields revived. */
function sdkInstance(name = 'ec2-instance.json'): Instance {
  const raw = fixture<Record<string, unknown>>(name);
  reviveDate(raw, 'LaunchTime');
  reviveDate(raw, 'UsageOperationUpdateTime');
  for (const b of (raw.BlockDeviceMappings ?? []) as Array<{ Ebs?: Record<string, unknown> }>)
    reviveDate(b.Ebs, 'AttachTime');
  for (const n of (raw.NetworkInterfaces ?? []) as Array<{ Attachment?: Record<string, unknown> }>) {
    reviveDate(n.Attachment, 'AttachTime');
  }
  return raw;
}

/** A DescribeVolumes item as the SDK returns it. */
function sdkVolume(name = 'ec2-volume.json'): Volume {
  const raw = fixture<Record<string, unknown>>(name);
  reviveDate(raw, 'CreateTime');
  for (const a of (raw.Attachments ?? []) as Array<Record<string, unknown>>) reviveDate(a, 'AttachTime');
  return raw;
}

/** What the store would see: Dates as ISO strings, ObjectIds as hex. */
function jsonRoundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Normalizes an item that must yield exactly one record. */
function one(records: NormalizedRecord[]): NormalizedRecord {
  assert.equal(records.length, 1, `expected one record, got ${records.length}`);
  return records[0]!;
}

const instance = (patch: Partial<Instance> = {}, ctx: MappingContext = CTX): NormalizedRecord =>
  one(normalizeEc2Instance({ ...sdkInstance(), ...patch }, ctx));
const volume = (patch: Partial<Volume> = {}, ctx: MappingContext = CTX): NormalizedRecord =>
  one(normalizeEc2Volume({ ...sdkVolume(), ...patch }, ctx));

void describe('fixtures', () => {
  void test('the revived fixtures carry real Dates where the SDK does', () => {
    const i = sdkInstance();
    assert.ok(i.LaunchTime instanceof Date);
    assert.ok(i.BlockDeviceMappings?.every((b) => b.Ebs?.AttachTime instanceof Date));
    assert.ok(i.NetworkInterfaces?.[0]?.Attachment?.AttachTime instanceof Date);
    const v = sdkVolume();
    assert.ok(v.CreateTime instanceof Date);
    assert.ok(v.Attachments?.[0]?.AttachTime instanceof Date);
  });
});

void describe('normalizeEc2Instance: golden records', () => {
  for (const name of ['ec2-instance', 'ec2-instance-terminated']) {
    void test(`${name}.json → ${name}.golden.json`, () => {
      const record = one(normalizeEc2Instance(sdkInstance(`${name}.json`), CTX));
      assert.deepStrictEqual(jsonRoundTrip(record), fixture(`${name}.golden.json`));
    });

    void test(`${name}: ISO strings in place of Dates give the same record (toDate accepts strings)`, () => {
      const fromStrings = one(normalizeEc2Instance(fixture(`${name}.json`), CTX));
      const fromDates = one(normalizeEc2Instance(sdkInstance(`${name}.json`), CTX));
      assert.deepStrictEqual(fromStrings, fromDates);
      if (fromDates.created_at !== undefined) assert.ok(fromStrings.created_at instanceof Date);
    });
  }

  void test('the record keeps Dates as Dates (before serialization)', () => {
    const r = instance();
    assert.deepEqual(r.created_at, new Date('2024-03-14T09:26:53.000Z'));
    const storage = r.storage as Array<{ attach_time: unknown }>;
    assert.ok(storage.every((s) => s.attach_time instanceof Date));
  });

  void test('only owned fields are produced', () => {
    for (const name of ['ec2-instance.json', 'ec2-instance-terminated.json']) {
      for (const key of Object.keys(one(normalizeEc2Instance(sdkInstance(name), CTX)))) {
        assert.ok(
          (EC2_INSTANCE_FIELDS as readonly string[]).includes(key),
          `${key} is in EC2_INSTANCE_FIELDS`,
        );
      }
    }
  });

  void test('does not mutate the raw item', () => {
    const raw = sdkInstance();
    const copy = structuredClone(raw);
    normalizeEc2Instance(raw, CTX);
    assert.deepStrictEqual(raw, copy);
  });
});

void describe('normalizeEc2Instance: rules (spec §6.5 Servers)', () => {
  void test('an item without InstanceId yields nothing', () => {
    const { InstanceId: _drop, ...raw } = sdkInstance();
    assert.deepEqual(normalizeEc2Instance(raw, CTX), []);
    assert.deepEqual(normalizeEc2Instance({ ...sdkInstance(), InstanceId: '' }, CTX), []);
    assert.deepEqual(normalizeEc2Instance({}, CTX), []);
  });

  void test('unique_id is the instance id, never an IP', () => {
    assert.equal(instance().unique_id, 'i-0a1b2c3d4e5f60718');
    assert.equal(instance({ PrivateIpAddress: undefined }).unique_id, 'i-0a1b2c3d4e5f60718');
  });

  void test('name/role/environment come from tags matched case-insensitively, capitalized like Python', () => {
    const r = instance({
      Tags: [
        { Key: 'NAME', Value: 'db PRIMARY' },
        { Key: 'ROLE', Value: 'DATABASE' },
        { Key: 'Environment', Value: 'staging' },
      ],
    });
    assert.equal(r.name, 'Db primary');
    assert.equal(r.role, 'Database');
    assert.equal(r.environment, 'Staging');
  });

  void test('the first tag with a matching key wins', () => {
    assert.equal(
      instance({
        Tags: [
          { Key: 'name', Value: 'first' },
          { Key: 'Name', Value: 'second' },
        ],
      }).name,
      'First',
    );
  });

  void test('without tags: no name, role, environment or tags', () => {
    const r = instance({ Tags: undefined });
    for (const field of ['name', 'role', 'environment', 'tags']) assert.equal(field in r, false, field);
    assert.equal('tags' in instance({ Tags: [] }), false);
  });

  void test('tags → [{key, value}], only complete pairs', () => {
    const r = instance({
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'empty', Value: '' },
        { Key: '', Value: 'orphan' },
        { Value: 'no-key' },
        { Key: 'no-value' },
      ],
    });
    assert.deepEqual(r.tags, [{ key: 'team', value: 'payments' }]);
  });

  const STATES: ReadonlyArray<readonly [string, string | undefined, boolean]> = [
    ['pending', 'Active', true],
    ['running', 'Active', true],
    ['stopping', 'Stopped', true],
    ['stopped', 'Stopped', true],
    ['shutting-down', undefined, false],
    ['terminated', undefined, false],
  ];
  for (const [state, status, active] of STATES) {
    void test(`State.Name ${state} → status ${status ?? '(absent)'}, active ${active}`, () => {
      const r = instance({ State: { Name: state as never, Code: 0 } });
      assert.equal(r.status, status);
      assert.equal('status' in r, status !== undefined);
      assert.equal(r.active, active);
    });
  }

  void test('no State at all → no status, active', () => {
    const r = instance({ State: undefined });
    assert.equal('status' in r, false);
    assert.equal(r.active, true);
  });

  void test('created_at is LaunchTime', () => {
    assert.deepEqual(instance().created_at, new Date('2024-03-14T09:26:53.000Z'));
    assert.equal('created_at' in instance({ LaunchTime: undefined }), false);
  });

  void test('IPs and DNS names are copied; empty DNS names ("" from EC2) are absent', () => {
    const r = instance();
    assert.equal(r.ipv4_private, '10.0.1.23');
    assert.equal(r.ipv4_public, '54.210.167.204');
    assert.equal(r.dns_public, 'ec2-54-210-167-204.compute-1.amazonaws.com');
    assert.equal(r.dns_private, 'ip-10-0-1-23.ec2.internal');
    const privateOnly = instance({ PublicDnsName: '', PublicIpAddress: undefined, PrivateDnsName: '' });
    for (const field of ['dns_public', 'dns_private', 'ipv4_public'])
      assert.equal(field in privateOnly, false, field);
    assert.equal(privateOnly.ipv4_private, '10.0.1.23');
  });

  void test('storage: one entry per block device, delete_termination:false kept, absent values dropped', () => {
    const r = instance({
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/sda1',
          Ebs: {
            AttachTime: new Date('2024-01-01T00:00:00Z'),
            DeleteOnTermination: false,
            Status: 'attached',
            VolumeId: 'vol-1',
          },
        },
        { DeviceName: '/dev/sdb', Ebs: { Status: 'attaching', VolumeId: 'vol-2' } },
        { DeviceName: '/dev/sdc' },
      ],
    });
    assert.deepEqual(r.storage, [
      {
        device_name: '/dev/sda1',
        delete_termination: false,
        unique_id: 'vol-1',
        attach_time: new Date('2024-01-01T00:00:00Z'),
        status: 'attached',
      },
      { device_name: '/dev/sdb', unique_id: 'vol-2', status: 'attaching' },
      { device_name: '/dev/sdc' },
    ]);
    assert.equal('storage' in instance({ BlockDeviceMappings: [] }), false);
  });

  void test('auth is the key pair as PKI; absent without a key pair', () => {
    assert.deepEqual(instance().auth, [{ name: 'deploy-key-2023', type: 'PKI' }]);
    assert.equal('auth' in instance({ KeyName: undefined }), false);
    assert.equal('auth' in instance({ KeyName: '' }), false);
  });

  void test('ebs_optimized: true and false are both written (§12.6 fix), absent when unknown', () => {
    assert.equal(instance({ EbsOptimized: true }).ebs_optimized, true);
    assert.equal(instance({ EbsOptimized: false }).ebs_optimized, false);
    assert.equal('ebs_optimized' in instance({ EbsOptimized: undefined }), false);
  });

  void test('metas: security groups and instance profile as returned; empty parts dropped, absent when both are', () => {
    const r = instance();
    assert.deepEqual(r.metas, {
      security_groups: [
        { GroupName: 'web-sg', GroupId: 'sg-0123abcd4567ef890' },
        { GroupName: 'ssh-admin', GroupId: 'sg-0a1b2c3d4e5f67890' },
      ],
      iam_instance_profile: {
        Arn: 'arn:aws:iam::123456789012:instance-profile/web-server',
        Id: 'AIPA5BQWERTYUIOPASDFG',
      },
    });
    assert.deepEqual(instance({ IamInstanceProfile: undefined }).metas, {
      security_groups: (r.metas as { security_groups: unknown }).security_groups,
    });
    assert.equal('metas' in instance({ IamInstanceProfile: undefined, SecurityGroups: [] }), false);
  });

  void test('datacenters: connection fields, placement and instance facts; type Virtual', () => {
    const dc = instance().datacenters as Record<string, unknown>;
    assert.equal(dc.name, 'Production AWS');
    assert.equal(dc.provider, 'AWS');
    assert.equal(dc._id, CTX.dcId, 'the connection dc_id is kept as is (an ObjectId here)');
    assert.equal(dc.region, 'us-east-1 (N. Virginia)', 'the full region label, not the code');
    assert.equal(dc.zone, 'us-east-1b');
    assert.equal(dc.type, 'Virtual');
    assert.equal(dc.instance, 't3.medium');
    assert.equal(dc.instance_id, 'i-0a1b2c3d4e5f60718');
    assert.equal(dc.subnet_id, 'subnet-0f1e2d3c4b5a69788');
    assert.equal(dc.virtualization_type, 'hvm');
    assert.equal(dc.hypervisor, 'xen');
    assert.equal(dc.root_device_type, 'ebs');
    assert.equal(dc.image_id, 'ami-0c02fb55956c7d316');
    assert.equal(dc.architecture, 'x86_64');
    assert.equal(dc.cloudwatch_monitoring, 'disabled');
    assert.equal('state_reason' in dc, false);
  });

  void test('datacenters: absent values are dropped (no dc name, no subnet, no placement)', () => {
    const dc = instance(
      { SubnetId: '', Placement: undefined, Monitoring: undefined },
      { ...CTX, dc: undefined, dcId: undefined },
    ).datacenters as Record<string, unknown>;
    for (const field of ['name', '_id', 'subnet_id', 'zone', 'cloudwatch_monitoring'])
      assert.equal(field in dc, false, field);
    assert.equal(dc.type, 'Virtual');
    assert.equal(dc.provider, 'AWS');
  });

  void test('a terminated instance: active false, no status, state_reason kept', () => {
    const r = one(normalizeEc2Instance(sdkInstance('ec2-instance-terminated.json'), CTX));
    assert.equal(r.active, false);
    assert.equal('status' in r, false);
    assert.deepEqual((r.datacenters as Record<string, unknown>).state_reason, {
      Code: 'Client.UserInitiatedShutdown',
      Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
    });
  });

  void test('applications linked on a stored server are not wiped by a crawl (spec §6.4, §12.6: they accumulate)', () => {
    const record = instance();
    const stored = {
      ...record,
      applications: [{ _id: '6650aa00bb11cc22dd33ee44', name: 'Shop', family: 'Application' }],
    };
    const c = classifyRecord({ ...stored, checksum: 'from-maestro' }, record, EC2_INSTANCE_FIELDS);
    assert.ok(c.kind === 'unchanged' || !c.unset.includes('applications'), `unset: ${JSON.stringify(c)}`);
    assert.ok(c.kind === 'unchanged' || !c.diff.some((d) => d.field === 'applications'));
  });
});

void describe('normalizeEc2Volume: golden records', () => {
  for (const name of ['ec2-volume', 'ec2-volume-available']) {
    void test(`${name}.json → ${name}.golden.json`, () => {
      const record = one(normalizeEc2Volume(sdkVolume(`${name}.json`), CTX));
      assert.deepStrictEqual(jsonRoundTrip(record), fixture(`${name}.golden.json`));
    });

    void test(`${name}: ISO strings in place of Dates give the same record`, () => {
      assert.deepStrictEqual(
        one(normalizeEc2Volume(fixture(`${name}.json`), CTX)),
        one(normalizeEc2Volume(sdkVolume(`${name}.json`), CTX)),
      );
    });
  }

  void test('only owned fields are produced', () => {
    for (const name of ['ec2-volume.json', 'ec2-volume-available.json']) {
      for (const key of Object.keys(one(normalizeEc2Volume(sdkVolume(name), CTX)))) {
        assert.ok((EC2_VOLUME_FIELDS as readonly string[]).includes(key), `${key} is in EC2_VOLUME_FIELDS`);
      }
    }
  });

  void test('does not mutate the raw item', () => {
    const raw = sdkVolume();
    const copy = structuredClone(raw);
    normalizeEc2Volume(raw, CTX);
    assert.deepStrictEqual(raw, copy);
  });
});

void describe('normalizeEc2Volume: rules (spec §6.5 Volumes)', () => {
  void test('an item without VolumeId yields nothing', () => {
    const { VolumeId: _drop, ...raw } = sdkVolume();
    assert.deepEqual(normalizeEc2Volume(raw, CTX), []);
    assert.deepEqual(normalizeEc2Volume({ ...sdkVolume(), VolumeId: '' }, CTX), []);
  });

  const STATES: ReadonlyArray<readonly [string, string, boolean]> = [
    ['creating', 'Active', true],
    ['available', 'Available', true],
    ['in-use', 'Active', true],
    ['deleting', 'Deleted', false],
    ['deleted', 'Deleted', false],
    ['error', 'Error', false],
  ];
  for (const [state, status, active] of STATES) {
    void test(`State ${state} → status ${status}, active ${active}`, () => {
      const r = volume({ State: state as never });
      assert.equal(r.status, status);
      assert.equal(r.active, active);
    });
  }

  void test('an unknown or missing State → no status, active', () => {
    for (const State of ['optimizing' as never, undefined]) {
      const r = volume({ State });
      assert.equal('status' in r, false);
      assert.equal(r.active, true);
    }
  });

  void test('created_at comes from CreateTime (§12.5 fix)', () => {
    assert.deepEqual(volume().created_at, new Date('2024-03-20T13:58:40.512Z'));
    assert.equal('created_at' in volume({ CreateTime: undefined }), false);
  });

  void test('encrypted: false is written (§12.6 fix), true with its KMS key', () => {
    const plain = volume();
    assert.equal(plain.encrypted, false);
    assert.equal('kms_key_id' in plain, false);
    const enc = volume({ Encrypted: true, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abcd' });
    assert.equal(enc.encrypted, true);
    assert.equal(enc.kms_key_id, 'arn:aws:kms:us-east-1:123456789012:key/abcd');
  });

  void test('size, type, iops and snapshot are copied; an empty SnapshotId is absent', () => {
    const r = volume();
    assert.equal(r.size, 100);
    assert.equal(r.volume_type, 'gp3');
    assert.equal(r.iops, 3000);
    assert.equal('snapshot_id' in r, false);
    assert.equal(volume({ SnapshotId: 'snap-0123456789abcdef0' }).snapshot_id, 'snap-0123456789abcdef0');
  });

  void test('attachments keep the SDK keys, DeleteOnTermination:false and AttachTime as a Date', () => {
    assert.deepEqual(volume().attachments, [
      {
        InstanceId: 'i-0a1b2c3d4e5f60718',
        Device: '/dev/sdf',
        State: 'attached',
        AttachTime: new Date('2024-03-20T14:02:11.000Z'),
        DeleteOnTermination: false,
        VolumeId: 'vol-0fedcba9876543210',
      },
    ]);
    assert.equal('attachments' in volume({ Attachments: [] }), false);
  });

  void test('name is the capitalized Name tag; tags → [{key, value}]', () => {
    const r = volume({
      Tags: [
        { Key: 'name', Value: 'LOGS volume' },
        { Key: 'owner', Value: 'ops' },
      ],
    });
    assert.equal(r.name, 'Logs volume');
    assert.deepEqual(r.tags, [
      { key: 'name', value: 'LOGS volume' },
      { key: 'owner', value: 'ops' },
    ]);
  });

  void test('there is never a volume-level delete_on_termination (not an EC2 volume field)', () => {
    assert.equal('delete_on_termination' in volume(), false);
  });

  void test('datacenters: the App block, zone as a list and subnet_zones as returned', () => {
    assert.deepEqual(volume().datacenters, {
      name: 'Production AWS',
      provider: 'AWS',
      _id: CTX.dcId,
      region: 'us-east-1 (N. Virginia)',
      zone: ['us-east-1b'],
      subnet_zones: 'us-east-1b',
    });
    const dc = volume({ AvailabilityZone: undefined }).datacenters as Record<string, unknown>;
    assert.equal('zone' in dc, false);
    assert.equal('subnet_zones' in dc, false);
  });

  void test('environment is the capitalized environment tag, like the original arrCatcher', () => {
    assert.equal(volume({ Tags: [{ Key: 'environment', Value: 'production' }] }).environment, 'Production');
  });
});

void describe('normalize-helpers', () => {
  void test('capitalize is Python str.capitalize(): first character upper, the rest lower', () => {
    assert.equal(capitalize('hELLO wORLD'), 'Hello world');
    assert.equal(capitalize('web-01'), 'Web-01');
    assert.equal(capitalize('1st server'), '1st server');
    assert.equal(capitalize('x'), 'X');
    assert.equal(capitalize(''), undefined);
    assert.equal(capitalize(undefined), undefined);
  });

  void test('tagValue matches the key case-insensitively and returns the raw value', () => {
    const tags = [{ Key: 'Environment', Value: 'PROD' }, { Key: 'role' }, { Value: 'x' }];
    assert.equal(tagValue(tags, 'environment'), 'PROD');
    assert.equal(tagValue(tags, 'ENVIRONMENT'), 'PROD');
    assert.equal(tagValue(tags, 'role'), undefined);
    assert.equal(tagValue(tags, 'missing'), undefined);
    assert.equal(tagValue(undefined, 'name'), undefined);
  });

  void test('mapTags keeps complete pairs in order; undefined when none', () => {
    assert.deepEqual(
      mapTags([
        { Key: 'b', Value: '2' },
        { Key: 'a', Value: '1' },
        { Key: 'c', Value: '' },
      ]),
      [
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ],
    );
    assert.equal(mapTags([{ Key: 'c', Value: '' }]), undefined);
    assert.equal(mapTags(undefined), undefined);
  });

  void test('compact drops undefined, null, "", [] and {} but keeps false, 0, Dates and ObjectIds', () => {
    const at = new Date(0);
    const id = new ObjectId('65a1f0c2e4b0a1b2c3d4e5f7');
    assert.deepEqual(
      compact({
        a: undefined,
        b: null,
        c: '',
        d: [],
        e: {},
        f: false,
        g: 0,
        h: at,
        i: id,
        j: [0],
        k: { x: 1 },
        l: 'v',
      }),
      { f: false, g: 0, h: at, i: id, j: [0], k: { x: 1 }, l: 'v' },
    );
  });

  void test('compact keeps the key order of its input', () => {
    assert.deepEqual(Object.keys(compact({ z: 1, a: 2, m: undefined, b: 3 })), ['z', 'a', 'b']);
  });

  void test('toDate accepts Dates (same instance), ISO strings and epoch milliseconds', () => {
    const d = new Date('2024-03-14T09:26:53.000Z');
    assert.equal(toDate(d), d);
    assert.deepEqual(toDate('2024-03-14T09:26:53.000Z'), d);
    assert.deepEqual(toDate(d.getTime()), d);
  });

  void test('toDate gives undefined for invalid or non-date values', () => {
    const values: unknown[] = ['', 'not a date', undefined, null, {}, true, Number.NaN];
    for (const [i, value] of values.entries()) assert.equal(toDate(value), undefined, `values[${i}]`);
  });
});
