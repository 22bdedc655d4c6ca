// OTEL_TRACES_EXPORTER=otlp sends the spans over the wire (OTLP/HTTP, JSON) to the endpoint the standard
// variables name: here a collector stand-in on loopback that records what it receives.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { tracingFromEnv } from '../../observability/tracing.js';

void describe('traces exported with OTLP over HTTP', () => {
  const received: Array<{ path: string; type: string; auth: string; body: string }> = [];
  const collector = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        type: String(req.headers['content-type']),
        auth: String(req.headers['x-collector-key']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  after(() => collector.close());

  void test('an unknown exporter is refused, naming the ones available', async () => {
    await assert.rejects(
      tracingFromEnv('discovery-test', { OTEL_TRACES_EXPORTER: 'zipkin' }),
      /OTEL_TRACES_EXPORTER=zipkin: the exporters available are otlp, console/,
    );
  });

  void test('a span reaches the collector at OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, with the headers asked for', async () => {
    // The exporter reads the standard variables from the process environment, as in production.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-collector-key=k123';
    const tracing = await tracingFromEnv('discovery-test', {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'discovery-otlp-test',
    });
    assert.ok(tracing, 'tracing is on');
    trace.getTracer('test').startSpan('crawl of something').end();
    await tracing.processor.forceFlush();
    assert.equal(received.length, 1, 'one export request');
    const [req] = received;
    assert.equal(req?.path, '/v1/traces');
    assert.match(req?.type ?? '', /application\/json/);
    assert.equal(req?.auth, 'k123');
    const body = JSON.parse(req?.body ?? '{}') as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
        scopeSpans: Array<{ spans: Array<{ name: string }> }>;
      }>;
    };
    const [rs] = body.resourceSpans;
    assert.equal(
      rs?.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
      'discovery-otlp-test',
    );
    assert.deepEqual(
      rs?.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name)),
      ['crawl of something'],
    );
    await tracing.shutdown();
  });
});
