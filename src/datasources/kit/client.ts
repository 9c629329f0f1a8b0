/**
 * One HTTP client per platform account: got 14 with keep-alive, a per-call timeout, bounded retries with backoff
 * for reads only (honouring Retry-After), an optional rate limit and concurrency cap, all behind an opossum circuit
 * breaker. Every call is counted in the metrics by platform and operation.
 *
 * Writes are never retried: a carrier write that timed out may have been applied, and repeating it could change a
 * SIM twice. Only calls marked `idempotent` (GETs, and POST look-ups such as multi-id searches) are retried.
 *
 * A request that names a `schema` gets its successful answer parsed with it (./wire.ts): the body the caller sees
 * is the schema's output, and an answer of the wrong shape fails the call with BACKEND_REJECTED naming the field.
 * Answers are not trusted: a request without a schema gets `unknown`.
 *
 * The breaker counts platform failures only: 5xx, timeouts and connection errors. It opens when half the calls of
 * the last minute failed (at least 5 calls), or after 3 failures in a row whatever their pace — a platform that
 * hangs fails one call per timeout, too slowly for a short window to ever fill, and must still open it. A 4xx the
 * request caused (bad id, forged cursor position; 404 look-ups are answers) never counts: the platform is up.
 *
 * A 429 is a rate-limit signal, never an outage: it is retried after its Retry-After when that fits the wait the
 * client allows (`maxRetryAfterMs`), else it fails the call with RATE_LIMITED and `retryAfterMs`, and the account
 * is paused until then: later calls wait out the pause when it is short enough, or fail fast with RATE_LIMITED and
 * the time left, without a call to the platform. A 503 with Retry-After likewise holds the breaker's half-open probe
 * until the time the platform named (opossum's resetTimeout alone would probe earlier).
 */
import http from 'node:http';
import https from 'node:https';
import CircuitBreaker from 'opossum';
import got, {
  HTTPError,
  RequestError,
  type Got,
  type HandlerFunction,
  type Method,
  type OptionsOfTextResponseBody,
} from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import type { Metrics } from '../../observability/metrics.js';
import type { Logger } from '../../logging.js';
import type { PlatformCode } from '../platform-codes.js';
import { backendRejected, backendUnavailable, PlatformError, rateLimited } from '../errors.js';
import { deadlineSignal, DeadlineExceeded } from './deadline.js';
import { isBackground } from './priority.js';
import { RateLimitDeadline, type RateLimit } from './rate-limit.js';
import { parseWire } from './wire.js';
import { countCarrierCall } from '../../observability/request-scope.js'; // observability hook (request scope)
import { carrierCall, carrierHooks, noteRateLimitWait } from '../../observability/tracing.js'; // observability hooks (spans)

export interface PlatformRequest {
  /** Name of the operation for metrics and logs ("list", "getSim", "changeStatus"…). */
  operation: string;
  method?: Method;
  /** Path relative to the account's base URL (no leading slash needed). */
  path: string;
  /** Query parameters; an array is sent as the parameter repeated (`additionalFields=A&additionalFields=B`). */
  searchParams?: Record<string, string | number | boolean | readonly string[] | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string | undefined>;
  /** True for reads: may be retried. Defaults to true for GET, false otherwise. */
  idempotent?: boolean;
  /** Statuses answered as results rather than errors (e.g. [404] for look-ups). */
  acceptStatuses?: number[];
  /** Skip the rate limit (token endpoints have their own). */
  unlimited?: boolean;
  /** The shape of a successful (2xx) answer's body, checked before the caller reads it. */
  schema?: z.ZodType;
}

/** The body type a request's schema promises (`unknown` without one). */
export type BodyOf<R> = R extends { schema: infer S extends z.ZodType } ? z.output<S> : unknown;

export interface PlatformResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** Reads a platform's error body into a message and the platform's own error code. */
export type ErrorDescriber = (status: number, body: unknown) => { message: string; code?: string };

export interface ClientOptions {
  platform: PlatformCode;
  accountId: string;
  baseUrl: string;
  logger: Logger;
  metrics: Metrics;
  describeError: ErrorDescriber;
  /** Per attempt, ms. */
  timeoutMs?: number;
  /** Retries for idempotent calls. */
  retries?: number;
  /** Longest Retry-After honoured, ms; a longer one fails the call with RATE_LIMITED. */
  maxRetryAfterMs?: number;
  /** Calls in flight at once for this account (Cisco asks for one). */
  maxConcurrent?: number;
  rateLimit?: RateLimit;
  /** How long a call may wait for the rate limit, ms. */
  rateLimitWaitMs?: number;
  breaker?: {
    errorThresholdPercentage?: number;
    resetTimeoutMs?: number;
    volumeThreshold?: number;
    consecutiveFailures?: number;
  };
}

/** A failure that should not count against the circuit breaker (the platform answered; the request was wrong). */
class ClientSideError extends Error {
  constructor(readonly error: PlatformError) {
    super(error.message);
  }
}

export class PlatformHttpClient {
  /** Idempotent calls: retried. */
  private readonly got: Got;
  /** Writes: never retried. Two instances, so a call merges no retry options of its own (got's per-call cost). */
  private readonly gotOnce: Got;
  private readonly breaker: CircuitBreaker<[PlatformRequest], PlatformResponse<unknown>>;
  private readonly limit: LimitFunction;
  /** Platform failures in a row (reset by any answer the platform gave, 4xx included). */
  private consecutiveFailures = 0;
  /** Epoch ms until which the platform asked us (429 Retry-After) to send nothing. */
  private pausedUntil = 0;
  /** Epoch ms before which the open breaker sends no probe (503 Retry-After). */
  private probeNotBefore = 0;

  constructor(private readonly options: ClientOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrent ?? 16 };
    this.got = got.extend({
      prefixUrl: options.baseUrl.replace(/\/?$/, '/'),
      timeout: { request: options.timeoutMs ?? 5_000 },
      agent: { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) },
      retry: {
        limit: options.retries ?? 2,
        methods: ['GET', 'POST', 'PUT', 'HEAD', 'DELETE'], // narrowed per call: writes get limit 0
        statusCodes: [408, 429, 500, 502, 503, 504],
        errorCodes: ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'],
        maxRetryAfter: options.maxRetryAfterMs ?? 3_000,
        backoffLimit: 1_000,
        // A platform's Retry-After is honoured as given (got caps it at maxRetryAfter); our own backoff is short.
        calculateDelay: ({ computedValue, retryAfter }) =>
          retryAfter !== undefined || computedValue === 0 ? computedValue : Math.min(computedValue, 1_000) / 5,
      },
      throwHttpErrors: true,
      responseType: 'text',
      headers: { 'user-agent': 'iot-connectivity-gateway', accept: 'application/json' },
      hooks: carrierHooks(), // observability hook: traceparent, retries and status on the call's span
      handlers: [withoutCacheOptions],
    });
    this.gotOnce = this.got.extend({ retry: { limit: 0 } });
    this.limit = pLimit(options.maxConcurrent ?? 16);
    this.breaker = new CircuitBreaker((req: PlatformRequest) => this.send(req), {
      // got's per-attempt timeout and the retry budget bound every call; a timed-out call is a failure (not filtered).
      timeout: false,
      errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
      resetTimeout: options.breaker?.resetTimeoutMs ?? 10_000,
      volumeThreshold: options.breaker?.volumeThreshold ?? 5,
      // A minute, not 10 s: calls to a hanging platform take a timeout each, and must still add up.
      rollingCountTimeout: 60_000,
      // Not outages: the platform refused the request (4xx) or asked us to slow down (429), or our own rate limit
      // could not give a slot in time.
      errorFilter: (err: unknown) => err instanceof ClientSideError || err instanceof RateLimitDeadline,
      name: `${options.platform}:${options.accountId}`,
    });
    const gauge = options.metrics.breakerState.labels(options.platform, options.accountId);
    gauge.set(0);
    this.breaker.on('open', () => {
      gauge.set(1);
      options.logger.warn({ platform: options.platform, account: options.accountId }, 'circuit breaker opened');
    });
    this.breaker.on('halfOpen', () => gauge.set(0.5));
    this.breaker.on('close', () => gauge.set(0));
    const inARow = options.breaker?.consecutiveFailures ?? 3;
    this.breaker.on('success', () => {
      this.consecutiveFailures = 0;
    });
    this.breaker.on('failure', () => {
      if (++this.consecutiveFailures >= inARow && !this.breaker.opened) this.breaker.open();
    });
  }

  get platform(): PlatformCode {
    return this.options.platform;
  }

  /** True while the breaker fails calls fast. */
  get isOpen(): boolean {
    return this.breaker.opened;
  }

  async request<R extends PlatformRequest>(req: R): Promise<PlatformResponse<BodyOf<R>>> {
    const started = process.hrtime.bigint();
    // Counts this call into the GraphQL request's scope, if any; throws QUERY_TOO_COMPLEX (and sends nothing) once
    // the request's carrier-call budget is spent.
    countCarrierCall();
    let code = 'OK';
    try {
      if (this.pausedUntil > Date.now() || this.probeNotBefore > Date.now()) await this.respectPause();
      const res = await carrierCall(this.options.platform, req, () => this.breaker.fire(req)); // observability hook: the call's span
      if (req.schema && res.status >= 200 && res.status < 300) {
        try {
          res.body = parseWire(this.options.platform, req.schema, res.body, res.status);
        } catch (err) {
          this.options.logger.warn(
            { platform: this.options.platform, operation: req.operation, err: (err as Error).message },
            'platform answered an unexpected shape',
          );
          throw err;
        }
      }
      return res as PlatformResponse<BodyOf<R>>;
    } catch (err) {
      const error = err instanceof ClientSideError ? err.error : this.toPlatformError(err);
      code = error.code;
      throw error;
    } finally {
      const { platform } = this.options;
      this.options.metrics.backendCalls.inc({ platform, operation: req.operation, code });
      this.options.metrics.backendDuration.observe(
        { platform, operation: req.operation },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }

  /**
   * Honours what the platform asked for: within a 429 pause, wait it out when it is short enough, else fail fast
   * with RATE_LIMITED; while the breaker is open and a 503 named a later time, fail fast without a probe.
   */
  private async respectPause(): Promise<void> {
    const { platform } = this.options;
    const paused = this.pausedUntil - Date.now();
    if (paused > 0) {
      if (paused > (this.options.maxRetryAfterMs ?? 3_000)) throw rateLimited(platform, paused);
      await new Promise((r) => setTimeout(r, paused));
    }
    const probeIn = this.probeNotBefore - Date.now();
    if (probeIn > 0 && (this.breaker.opened || this.breaker.halfOpen)) {
      throw backendUnavailable(
        platform,
        `failing repeatedly; calls are paused (circuit open) for ${Math.ceil(probeIn / 1000)} s as the platform asked`,
      );
    }
  }

  private toPlatformError(err: unknown): PlatformError {
    const { platform } = this.options;
    if (err instanceof PlatformError) return err;
    if ((err as { code?: string }).code === 'EOPENBREAKER')
      return backendUnavailable(platform, 'failing repeatedly; calls are paused (circuit open)');
    if (err instanceof RateLimitDeadline) return rateLimited(platform, err.retryAfterMs);
    if (err instanceof HTTPError) {
      const status = err.response.statusCode;
      if (status === 429) return rateLimited(platform, retryAfterMs(err.response.headers['retry-after']) ?? 1_000);
      return backendUnavailable(platform, `answered HTTP ${status}`);
    }
    if (err instanceof RequestError) {
      return backendUnavailable(
        platform,
        err.code === 'ETIMEDOUT' ? 'timed out' : `connection failed (${err.code ?? 'network error'})`,
      );
    }
    return backendUnavailable(platform, 'unexpected failure');
  }

  private async send(req: PlatformRequest): Promise<PlatformResponse<unknown>> {
    const { rateLimit, metrics, platform } = this.options;
    const limited = !!rateLimit && !rateLimit.unlimited && !req.unlimited;
    const acquire = async () => {
      if (!limited) return;
      const waited = await rateLimit.acquire(Date.now() + (this.options.rateLimitWaitMs ?? 5_000));
      metrics.rateLimitWait.observe({ platform }, waited / 1000);
      noteRateLimitWait(waited); // observability hook: the wait on the call's span
    };
    // A background (sync) call waits for its share before it queues for a connection slot, so it never holds a
    // slot an interactive call could use; an interactive call waits for the rate once it has its slot.
    const background = isBackground();
    // A query's calls carry its deadline (deadline.ts); background calls finish, as their results are stored.
    const signal = background ? undefined : deadlineSignal();
    const cutOff = () =>
      new ClientSideError(
        backendUnavailable(platform, (signal!.reason as Error)?.message ?? 'cut off at the request deadline', {
          reason: 'deadline',
        }),
      );
    if (background && limited) await acquire();
    // A request's call takes its rate slot in its application's turn (fair share) before it queues for a connection
    // slot, so a flooding application's calls never hold the slots another application's call could use.
    const share =
      background || !limited
        ? undefined
        : rateLimit.acquireShare?.(Date.now() + (this.options.rateLimitWaitMs ?? 5_000));
    if (share) {
      const waited = await share;
      metrics.rateLimitWait.observe({ platform }, waited / 1000);
      noteRateLimitWait(waited); // observability hook: the wait on the call's span
    }
    return this.limit(async () => {
      if (signal?.aborted) throw cutOff();
      if (!background && !share && limited) await acquire();
      if (signal?.aborted) throw cutOff();
      const method = req.method ?? 'GET';
      const idempotent = req.idempotent ?? method === 'GET';
      const searchParams = req.searchParams ? toSearchParams(req.searchParams) : undefined;
      try {
        // Only the options this call sets: got merges every key it is given, undefined or not.
        const options: OptionsOfTextResponseBody = { method };
        if (searchParams) options.searchParams = searchParams;
        if (req.json !== undefined) options.json = req.json;
        if (req.form) options.form = req.form;
        if (req.headers) options.headers = req.headers;
        if (signal) options.signal = signal;
        const res = await (idempotent ? this.got : this.gotOnce)(req.path.replace(/^\//, ''), options);
        return { status: res.statusCode, headers: res.headers, body: parseBody(res.body) };
      } catch (err) {
        if (signal?.aborted && signal.reason instanceof DeadlineExceeded) throw cutOff();
        if (err instanceof HTTPError) {
          const status = err.response.statusCode;
          const body = parseBody(String(err.response.body ?? ''));
          if (req.acceptStatuses?.includes(status)) return { status, headers: err.response.headers, body };
          const retryAfter = retryAfterMs(err.response.headers['retry-after']);
          if (status === 429) {
            // A rate-limit signal, not an outage: pause the account and tell the caller when to come back.
            const wait = retryAfter ?? 1_000;
            this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
            throw new ClientSideError(rateLimited(platform, wait));
          }
          if (status === 503 && retryAfter !== undefined)
            this.probeNotBefore = Math.max(this.probeNotBefore, Date.now() + retryAfter);
          if (status >= 400 && status < 500 && status !== 408) {
            const described = this.options.describeError(status, body);
            throw new ClientSideError(backendRejected(platform, status, described.message, described.code));
          }
        }
        throw err;
      }
    });
  }
}

/**
 * got builds node's request options in one object literal that starts by spreading its `cacheOptions` (four keys,
 * all undefined unless an HTTP cache is configured; we configure none) and then adds some thirty named options. On
 * Node 20's V8 that shape of literal takes the slow path: about 40 µs per call, measured on its own — more than the
 * rest of got's per-call work. With an empty `cacheOptions` (assigned outside a merge, got replaces it instead of
 * merging into it) the same literal costs about 3 µs. A got handler runs on each call's own options, before the
 * request is made.
 */
const withoutCacheOptions: HandlerFunction = (options, next) => {
  options.cacheOptions = {};
  return next(options);
};

function toSearchParams(params: NonNullable<PlatformRequest['searchParams']>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, String(one));
  }
  return out;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
