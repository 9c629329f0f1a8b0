/**
 * OpenTelemetry traces, off unless configured by the standard variables: `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER=otlp` turns on an OTLP/HTTP exporter (which reads its
 * own `OTEL_EXPORTER_OTLP_*` settings: headers, timeout…); `OTEL_SERVICE_NAME` names the service (default
 * iot-gateway); `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` keeps it off. While off, the API's no-op tracer
 * makes every span below free.
 *
 * Spans, one tree per GraphQL operation:
 *   graphql.operation  `query FleetPage` (SERVER; parent: the client's W3C `traceparent`, when it sends one)
 *   └ dataloader.batch `JASPER simCard` (one per DataLoader dispatch: keys, platform)
 *     └ carrier call   `carrier JASPER getSim` (CLIENT: platform, operation, method, url.template, status, retries,
 *                       rate-limit wait) — its `traceparent` is sent to the carrier.
 * The platform HTTP client and the product service call the small hooks here (`carrierCall`, `carrierHooks`,
 * `noteRateLimitWait`, `tracedBatch`); the transports call `withOperationSpan`.
 */
import { context, propagation, trace, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';

const tracer = () => trace.getTracer('iot-connectivity-gateway');
let provider: NodeTracerProvider | undefined;

/**
 * With traces off (no provider), the hooks below do nothing at all: the OpenTelemetry API's no-op spans are cheap
 * but not free (context, attributes, an extra promise per call), and every request would pay for them.
 */
const NO_SPAN: OperationSpan = { span: trace.wrapSpanContext({ traceId: '', spanId: '', traceFlags: 0 }), ended: true };

/** Whether the OTEL_* variables ask for traces. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (/^true$/i.test(env.OTEL_SDK_DISABLED ?? '')) return false;
  const exporter = (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase();
  if (exporter === 'none') return false;
  return Boolean(exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Registers the global tracer provider (W3C trace context propagation, AsyncLocalStorage context) once per process:
 * with the given span processors (tests: an in-memory exporter), or from the OTEL_* variables. Answers whether tracing is on.
 */
export function startTracing(processors?: SpanProcessor[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider) return true;
  if (!processors && !tracingRequested(env)) return false;
  const exporter = (env.OTEL_TRACES_EXPORTER ?? 'otlp').trim().toLowerCase();
  if (!processors && exporter !== 'otlp')
    throw new Error(
      `OTEL_TRACES_EXPORTER=${exporter}: this gateway exports traces with otlp (OTLP/HTTP) only, or none`,
    );
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'iot-gateway' }),
    spanProcessors: processors ?? [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return true;
}

/** Sends the spans still buffered (at shutdown). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** What a transport keeps of an operation's span. */
export interface OperationSpan {
  span: Span;
  ended: boolean;
}

/**
 * Runs an operation inside its span: the child of the client's `traceparent` when the headers carry one. The span is
 * named and ended by `endOperationSpan` (or when the response closes, whichever is first).
 */
export function withOperationSpan<T>(
  headers: IncomingHttpHeaders | undefined,
  transport: 'http' | 'ws',
  fn: (span: OperationSpan) => T,
): T {
  if (!provider) return fn(NO_SPAN);
  const parent = headers ? propagation.extract(context.active(), headers) : context.active();
  const span = tracer().startSpan(
    'graphql.operation',
    { kind: SpanKind.SERVER, attributes: { 'gateway.transport': transport } },
    parent,
  );
  const handle = { span, ended: false };
  return context.with(trace.setSpan(parent, span), () => fn(handle));
}

export function endOperationSpan(
  handle: OperationSpan | undefined,
  attributes: {
    name?: string | null;
    type?: string;
    outcome?: string;
    cost?: number | null;
    carrierCalls?: number;
    requestId?: string;
  },
): void {
  if (!handle || handle.ended) return;
  handle.ended = true;
  const { span } = handle;
  if (attributes.type) span.updateName(`${attributes.type}${attributes.name ? ` ${attributes.name}` : ''}`);
  const attrs: Attributes = {};
  if (attributes.type) attrs['graphql.operation.type'] = attributes.type;
  if (attributes.name) attrs['graphql.operation.name'] = attributes.name;
  if (attributes.outcome) attrs['gateway.outcome'] = attributes.outcome;
  if (typeof attributes.cost === 'number') attrs['gateway.cost'] = attributes.cost;
  if (attributes.carrierCalls !== undefined) attrs['gateway.carrier_calls'] = attributes.carrierCalls;
  if (attributes.requestId) attrs['gateway.request_id'] = attributes.requestId;
  span.setAttributes(attrs);
  if (attributes.outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Wraps a DataLoader batch function so each dispatch is a span (`dataloader.batch <name>`, with its key count). */
export function tracedBatch<K, V>(
  name: string,
  batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
): (keys: readonly K[]) => Promise<ArrayLike<V | Error>> {
  return (keys) =>
    !provider
      ? batch(keys)
      : tracer().startActiveSpan(
          `dataloader.batch ${name}`,
          { attributes: { 'dataloader.name': name, 'dataloader.keys': keys.length } },
          async (span) => {
            try {
              return await batch(keys);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
              throw err;
            } finally {
              span.end();
            }
          },
        );
}

/** `/sims/8901260…/usage` → `/sims/{id}/usage`: ids (any segment with a digit) replaced, for a bounded endpoint pattern. */
export function pathTemplate(path: string): string {
  return `/${path
    .replace(/^\//, '')
    .split('/')
    .map((segment) => (/\d/.test(segment) ? '{id}' : segment))
    .join('/')}`;
}

/** One carrier call as a CLIENT span around the whole call (rate-limit wait and retries included). */
export function carrierCall<T>(
  platform: string,
  req: { operation: string; method?: string; path: string },
  fn: () => Promise<T>,
): Promise<T> {
  if (!provider) return fn();
  const attributes: Attributes = {
    'carrier.platform': platform,
    'carrier.operation': req.operation,
    'http.request.method': req.method ?? 'GET',
    'url.template': pathTemplate(req.path),
  };
  return tracer().startActiveSpan(
    `carrier ${platform} ${req.operation}`,
    { kind: SpanKind.CLIENT, attributes },
    async (span) => {
      try {
        return await fn();
      } catch (err) {
        const code =
          (err as { code?: string; error?: { code?: string } }).error?.code ?? (err as { code?: string }).code;
        span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

const CARRIER_HOOKS = {
  beforeRequest: [
    (options: { headers: Record<string, string | string[] | undefined> }, hookContext: { retryCount: number }) => {
      propagation.inject(context.active(), options.headers);
      if (hookContext.retryCount > 0)
        trace.getActiveSpan()?.setAttribute('http.request.resend_count', hookContext.retryCount);
    },
  ],
  afterResponse: [
    <R extends { statusCode: number }>(response: R) => {
      trace.getActiveSpan()?.setAttribute('http.response.status_code', response.statusCode);
      return response;
    },
  ],
};

/**
 * got hooks for the carrier span: the W3C trace context on each attempt, the retry count and the status — none with
 * traces off (got awaits each hook of each call). Read when a platform client is made, after `startTracing`.
 */
export function carrierHooks(): Partial<typeof CARRIER_HOOKS> {
  return provider ? CARRIER_HOOKS : {};
}

/** Records on the carrier span how long the call waited for the platform's rate limit. */
export function noteRateLimitWait(waitedMs: number): void {
  if (provider) trace.getActiveSpan()?.setAttribute('carrier.rate_limit_wait_ms', waitedMs);
}
