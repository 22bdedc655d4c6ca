// providers/aws/errors.ts: AWS SDK v3 errors → the typed hierarchy (type string + retryability).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import {
  type DiscoveryError,
  ErrorType,
  InvalidCredentialsError,
  NON_RETRYABLE_TYPES,
  PermissionDeniedError,
  RegionDisabledError,
  ThrottledError,
  TransientError,
} from '../../core/errors.js';
import {
  classifyAwsError,
  isExpiredTokenError,
  markRenewed,
  retryAfterMs,
} from '../../providers/aws/errors.js';

/** An error shaped exactly like the ones the SDK throws for an EC2 error response. */
function sdkError(
  name: string,
  httpStatusCode: number,
  message: string,
  fault: 'client' | 'server' = 'client',
) {
  return new EC2ServiceException({
    name,
    $fault: fault,
    $metadata: {
      httpStatusCode,
      requestId: '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      attempts: 1,
      totalRetryDelay: 0,
    },
    message,
  });
}

interface Expectation {
  type: ErrorType;
  cls: abstract new (...args: never[]) => DiscoveryError;
  retryable: boolean;
}
const INVALID: Expectation = {
  type: ErrorType.InvalidCredentials,
  cls: InvalidCredentialsError,
  retryable: false,
};
const DENIED: Expectation = {
  type: ErrorType.PermissionDenied,
  cls: PermissionDeniedError,
  retryable: false,
};
const REGION: Expectation = { type: ErrorType.RegionDisabled, cls: RegionDisabledError, retryable: false };
const THROTTLED: Expectation = { type: ErrorType.Throttled, cls: ThrottledError, retryable: true };
const TRANSIENT: Expectation = { type: ErrorType.Transient, cls: TransientError, retryable: true };

const CASES: ReadonlyArray<readonly [string, number, string, Expectation]> = [
  ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials', INVALID],
  ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.', INVALID],
  [
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided.',
    INVALID,
  ],
  ['UnrecognizedClientException', 400, 'The security token included in the request is invalid.', INVALID],
  ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', INVALID],
  ['ExpiredToken', 400, 'The security token included in the request is expired', INVALID],
  ['UnauthorizedOperation', 403, 'You are not authorized to perform this operation.', DENIED],
  [
    'AccessDenied',
    403,
    'User: arn:aws:iam::123456789012:user/audit is not authorized to perform: ec2:DescribeVolumes',
    DENIED,
  ],
  ['AccessDeniedException', 400, 'User is not authorized to perform: ec2:DescribeInstances', DENIED],
  [
    'OptInRequired',
    401,
    'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.',
    REGION,
  ],
  ['InvalidRegion', 400, 'The region is not valid.', REGION],
  ['Throttling', 400, 'Rate exceeded', THROTTLED],
  ['ThrottlingException', 400, 'Rate exceeded', THROTTLED],
  ['RequestLimitExceeded', 503, 'Request limit exceeded.', THROTTLED],
  ['TooManyRequestsException', 429, 'Too Many Requests', THROTTLED],
  ['InternalError', 500, 'An internal error has occurred.', TRANSIENT],
  ['ServiceUnavailable', 503, 'The server is overloaded and cannot handle the request.', TRANSIENT],
  ['Unavailable', 503, 'The server is overloaded and cannot handle the request.', TRANSIENT],
];

void describe('classifyAwsError: SDK error codes', () => {
  for (const [code, status, message, want] of CASES) {
    void test(`${code} (HTTP ${status}) → ${want.type}${want.retryable ? ' (retryable)' : ''}`, () => {
      const sdk = sdkError(code, status, message, status >= 500 ? 'server' : 'client');
      const err = classifyAwsError(sdk);
      assert.ok(err instanceof want.cls, `expected ${want.cls.name}, got ${err.constructor.name}`);
      assert.equal(err.type, want.type);
      assert.equal(err.name, want.type);
      assert.equal(err.retryable, want.retryable);
      assert.equal(err.cause, sdk, 'keeps the SDK error as cause');
      assert.equal(err.message, `AWS ${code} (HTTP ${status}): ${message}`);
      if (!(err instanceof ThrottledError)) assert.deepEqual(err.details, { code, httpStatus: status });
    });
  }

  void test('a throttled error carries no retry-after hint unless the SDK gives one', () => {
    const err = classifyAwsError(sdkError('RequestLimitExceeded', 503, 'Request limit exceeded.', 'server'));
    assert.ok(err instanceof ThrottledError);
    assert.equal(err.retryAfterMs, undefined);
  });
});

void describe('classifyAwsError: status and flags without a known code', () => {
  void test('an unknown code with HTTP 403 → PermissionDenied', () => {
    const err = classifyAwsError(sdkError('SomethingForbidden', 403, 'Forbidden'));
    assert.ok(err instanceof PermissionDeniedError);
    assert.equal(err.retryable, false);
  });

  void test('an unknown code with HTTP 429 → Throttled', () => {
    assert.ok(classifyAwsError(sdkError('SlowDownPlease', 429, 'slow down')) instanceof ThrottledError);
  });

  void test('the SDK throttling flag → Throttled', () => {
    const sdk = sdkError('PriorRequestNotComplete', 400, 'busy');
    Object.assign(sdk, { $retryable: { throttling: true } });
    const err = classifyAwsError(sdk);
    assert.ok(err instanceof ThrottledError);
    assert.equal(err.retryable, true);
  });

  void test('`Code` (query-protocol errors) wins over `name`', () => {
    const err = classifyAwsError(
      Object.assign(new Error('denied'), { name: 'Error', Code: 'UnauthorizedOperation' }),
    );
    assert.ok(err instanceof PermissionDeniedError);
    assert.equal(err.details.code, 'UnauthorizedOperation');
  });

  void test('a network error without metadata → Transient, retryable, no status in the message', () => {
    const net = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), {
      name: 'Error',
      code: 'ECONNREFUSED',
    });
    const err = classifyAwsError(net);
    assert.ok(err instanceof TransientError);
    assert.equal(err.retryable, true);
    assert.equal(err.message, 'AWS Error: connect ECONNREFUSED 127.0.0.1:5000');
    assert.deepEqual(err.details, { code: 'Error' });
  });

  void test('an SDK timeout → Transient', () => {
    const err = classifyAwsError(
      Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
    );
    assert.ok(err instanceof TransientError);
    assert.match(err.message, /^AWS TimeoutError: /);
  });

  void test('non-Error values do not crash the classifier', () => {
    for (const value of ['boom', undefined, null, 42]) {
      const err = classifyAwsError(value);
      assert.ok(err instanceof TransientError, String(value));
      assert.ok(err.message.startsWith('AWS Error: '), err.message);
    }
    assert.equal(classifyAwsError('boom').message, 'AWS Error: boom');
  });

  void test('an already-classified error passes through unchanged', () => {
    const original = new RegionDisabledError('already classified');
    assert.equal(classifyAwsError(original), original);
  });
});

void describe('classifyAwsError: retryability agrees with the Temporal edge', () => {
  void test('retryable exactly when the type is not in NON_RETRYABLE_TYPES', () => {
    for (const [code, status, message] of CASES) {
      const err = classifyAwsError(sdkError(code, status, message));
      assert.equal(err.retryable, !NON_RETRYABLE_TYPES.includes(err.type), code);
    }
  });
});

void describe('classifyAwsError: credentials Discovery renews, regions, retry hints', () => {
  void test('ExpiredToken of assumed-role credentials AwsClients renewed → Transient (retried)', () => {
    for (const code of ['ExpiredToken', 'ExpiredTokenException']) {
      const sdk = sdkError(code, 400, 'The security token included in the request is expired');
      assert.equal(isExpiredTokenError(sdk), true);
      assert.equal(classifyAwsError(sdk).type, ErrorType.InvalidCredentials, 'keys the user gave: final');
      markRenewed(sdk);
      const err = classifyAwsError(sdk);
      assert.ok(err instanceof TransientError, code);
      assert.equal(err.retryable, true);
      assert.match(err.message, /renewed; retrying/);
    }
    assert.equal(isExpiredTokenError(sdkError('AccessDenied', 403, 'no')), false);
  });

  void test('a region that is disabled for the account → RegionDisabled (scope skipped)', () => {
    for (const code of ['OptInRequired', 'InvalidRegion', 'RegionDisabledException']) {
      const err = classifyAwsError(sdkError(code, 403, 'not enabled'));
      assert.ok(err instanceof RegionDisabledError || err instanceof PermissionDeniedError, code);
    }
    assert.ok(classifyAwsError(sdkError('RegionDisabledException', 400, 'x')) instanceof RegionDisabledError);
  });

  void test('an organization listing from an account outside any organization → PermissionDenied', () => {
    const err = classifyAwsError(sdkError('AWSOrganizationsNotInUseException', 400, 'not in use'));
    assert.ok(err instanceof PermissionDeniedError);
  });

  void test('Retry-After (seconds or an HTTP date) becomes the Temporal retry delay, bounded', () => {
    const withHeader = (value: string) =>
      Object.assign(sdkError('Throttling', 400, 'Rate exceeded'), {
        $response: { headers: { 'retry-after': value } },
      });
    const seconds = classifyAwsError(withHeader('7'));
    assert.ok(seconds instanceof ThrottledError);
    assert.equal(seconds.retryAfterMs, 7000);
    assert.equal(retryAfterMs(withHeader('0.2')), 1000, 'at least a second');
    assert.equal(retryAfterMs(withHeader('86400')), 300_000, 'at most five minutes');
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(withHeader('Thu, 01 Jan 2026 00:00:30 GMT'), now), 30_000);
    assert.equal(retryAfterMs(withHeader('soon')), undefined);
    assert.equal(retryAfterMs(sdkError('Throttling', 400, 'x')), undefined);
  });
});
