/**
 * OpenTelemetry: one query's span tree through the gateway against the sandbox — the operation span, the DataLoader
 * batch span under it and the carrier call span under that, with the attributes an operator filters on — and W3C trace
 * context: a client's traceparent is the operation's parent, and the carrier request carries the trace onward.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTracing } from '../../src/observability/tracing.js';
import { startObservedStack, type ObservedStack } from './stack.js';

const exporter = new InMemorySpanExporter();
let stack: ObservedStack;
beforeAll(async () => {
  startTracing([new SimpleSpanProcessor(exporter)]);
  stack = await startObservedStack({ PLATFORM_RATE_LIMITS: 'on' });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  exporter.reset();
  stack.carrierRequests.length = 0;
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const QUERY = 'query Fleet { products(first: 3) { edges { node { id simCard { imsi } } } } }';

describe('tracing', () => {
  it('records operation → resolver batch → carrier call spans with their attributes', async () => {
    const res = await stack.post({ query: QUERY });
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query Fleet');
    expect(operation, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(operation!.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Fleet',
      'gateway.outcome': 'ok',
      'gateway.transport': 'http',
    });
    expect(operation!.attributes['gateway.carrier_calls']).toBeGreaterThanOrEqual(1);

    const trace = operation!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === trace);
    const batches = inTrace.filter(
      (s) => s.name.startsWith('dataloader.batch JASPER') && parentOf(s) === operation!.spanContext().spanId,
    );
    expect(batches.length, inTrace.map((s) => s.name).join(', ')).toBeGreaterThanOrEqual(1);
    const batchIds = new Set(batches.map((b) => b.spanContext().spanId));
    const calls = inTrace.filter((s) => s.name.startsWith('carrier JASPER'));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const underBatch = calls.find((c) => batchIds.has(parentOf(c)!));
    expect(underBatch, calls.map((c) => `${c.name} ← ${parentOf(c)}`).join(', ')).toBeDefined();
    expect(underBatch!.attributes).toMatchObject({
      'carrier.platform': 'JASPER',
      'http.request.method': expect.any(String),
      'http.response.status_code': 200,
    });
    expect(String(underBatch!.attributes['url.template'])).toMatch(/^\/.*\{id\}|^\/[a-z/]+$/);
    expect(String(underBatch!.attributes['url.template'])).not.toMatch(/\d{6,}/);
    expect(underBatch!.attributes['carrier.rate_limit_wait_ms']).toBeGreaterThanOrEqual(0);
    // Every carrier call of the operation is in its trace, and the sandbox saw each with that trace's id.
    for (const call of calls) expect(call.spanContext().traceId).toBe(trace);
    const sent = stack.carrierRequests.map((r) => String(r.headers.traceparent ?? ''));
    expect(sent.length).toBeGreaterThanOrEqual(calls.length);
    for (const header of sent) expect(header).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
  });

  it('continues a client traceparent and propagates it to the carrier', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const res = await stack.post({ query: QUERY }, { traceparent: `00-${traceId}-${clientSpan}-01` });
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query Fleet')!;
    expect(operation.spanContext().traceId).toBe(traceId);
    expect(parentOf(operation)).toBe(clientSpan);
    const callSpans = new Set(spans.filter((s) => s.name.startsWith('carrier ')).map((s) => s.spanContext().spanId));
    expect(stack.carrierRequests.length).toBeGreaterThanOrEqual(1);
    for (const r of stack.carrierRequests) {
      const [, tid, parent] = String(r.headers.traceparent).split('-');
      expect(tid).toBe(traceId);
      expect(callSpans.has(parent!)).toBe(true); // the carrier's parent is the call span
    }
  });

  it('marks a failed carrier call and its operation', async () => {
    await stack.sandbox.admin('PUT', '/admin/faults/JASPER', { errorRate: 1 });
    try {
      await stack.post({ query: '{ products(first: 2) { edges { node { id } } } }' });
    } finally {
      await stack.sandbox.admin('DELETE', '/admin/faults/JASPER');
    }
    const spans = exporter.getFinishedSpans();
    const failed = spans.filter((s) => s.name.startsWith('carrier JASPER') && s.status.code === 2);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(
      failed.some(
        (s) =>
          Number(s.attributes['http.request.resend_count'] ?? 0) >= 1 ||
          Number(s.attributes['http.response.status_code']) >= 500,
      ),
    ).toBe(true);
    const op = spans.find((s) => s.attributes['graphql.operation.type'] === 'query')!;
    expect(op.attributes['gateway.outcome']).toMatch(/error|partial/);
  });
});
