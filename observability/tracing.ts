import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type ContextManager,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
  type OpenTelemetryWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry traces, off by default. On with the standard variables: `OTEL_TRACES_EXPORTER=otlp`
 * (OTLP over HTTP/JSON to `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, headers
 * from `OTEL_EXPORTER_OTLP_HEADERS`, as the exporter reads them) or `console`, `OTEL_SERVICE_NAME`, and
 * `OTEL_SDK_DISABLED=true` turns everything off. The OTLP exporter is loaded only when asked for.
 * Temporal's interceptors carry the trace from the API's request (a span per request) through the
 * client's start of the workflow, the workflows (their spans are exported through a sink) and every
 * activity. Tests install their own exporter with `enableTracing`.
 */
export interface Tracing {
  processor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The tracing of this process, when on. */
export function tracing(): Tracing | undefined {
  return active;
}

const EXPORTERS = ['otlp', 'console'] as const;

/** Installs tracing from the OTEL_* variables (no-op when they do not ask for it). */
export async function tracingFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | undefined> {
  if (active) return active;
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? 'none')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'none');
  if (exporters.length === 0) return undefined;
  const unknown = exporters.filter((e) => !(EXPORTERS as readonly string[]).includes(e));
  if (unknown.length > 0)
    throw new Error(
      `OTEL_TRACES_EXPORTER=${unknown.join(',')}: the exporters available are ${EXPORTERS.join(', ')} (see docs/operations.md, Traces)`,
    );
  const chosen: SpanExporter[] = [];
  if (exporters.includes('otlp')) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    chosen.push(new OTLPTraceExporter());
  }
  if (exporters.includes('console')) chosen.push(new ConsoleSpanExporter());
  const name = env.OTEL_SERVICE_NAME || service;
  const processors = chosen.map((e) => new BatchSpanProcessor(e));
  return enableTracing(processors.length === 1 ? processors[0]! : allOf(processors), name);
}

/** One processor over several (`OTEL_TRACES_EXPORTER=otlp,console`). */
function allOf(processors: SpanProcessor[]): SpanProcessor {
  return {
    onStart: (span, ctx) => processors.forEach((p) => p.onStart(span, ctx)),
    onEnd: (span) => processors.forEach((p) => p.onEnd(span)),
    forceFlush: async () => void (await Promise.all(processors.map((p) => p.forceFlush()))),
    shutdown: async () => void (await Promise.all(processors.map((p) => p.shutdown()))),
  };
}

/** Installs tracing with this processor (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
export function enableTracing(processor: SpanProcessor | SpanExporter, service: string): Tracing {
  if (active) return active;
  const proc = 'onEnd' in processor ? processor : new SimpleSpanProcessor(processor);
  const resource = new Resource({ 'service.name': service });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [proc] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  // Temporal's interceptors carry the context in headers through the global propagator.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  active = { processor: proc, resource, shutdown: () => provider.shutdown() };
  return active;
}

/** The Temporal client's interceptors: the workflow start carries the caller's trace. */
export function clientInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] } {
  return { workflow: active ? [new OpenTelemetryWorkflowClientInterceptor()] : [] };
}

/**
 * The worker's activity interceptors and the sink of the workflows' spans. The workflow interceptors
 * are in every bundle (worker/bundle.ts): with tracing off their spans go to a no-op sink.
 */
export function workerTracing(): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }>;
} {
  if (!active) return { activity: [], sinks: { exporter: { export: { fn: () => undefined } } } };
  return {
    activity: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: makeWorkflowExporter(active.processor, active.resource) },
  };
}

/**
 * A span per API request (`GET /v1/connections/:id`), current while its handler runs, so the
 * workflow it starts joins its trace. Set in preHandler (after the body is read), ended on response.
 */
export function traceRequests(app: FastifyInstance): void {
  if (!active) return;
  const tracer = trace.getTracer('discovery-api');
  const spans = new WeakMap<object, Span>();
  app.addHook('preHandler', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer.startSpan(`${request.method} ${route}`, {
      attributes: { 'http.request.method': request.method, 'http.route': route },
    });
    spans.set(request, span);
    contextStorage.enterWith(trace.setSpan(ROOT_CONTEXT, span));
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

const contextStorage = new AsyncLocalStorage<Context>();

/** The OpenTelemetry context on AsyncLocalStorage (@opentelemetry/context-async-hooks' one, in brief). */
class AsyncLocalStorageContextManager implements ContextManager {
  active(): Context {
    return contextStorage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return contextStorage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...a: unknown[]) => unknown;
    return ((...a: unknown[]) => this.with(ctx, () => fn(...a))) as unknown as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    contextStorage.disable();
    return this;
  }
}
