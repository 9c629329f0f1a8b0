/**
 * Query limits, the same on HTTP and WebSocket: depth, aliases, cost and expanded size of an operation, measured
 * after fragments are expanded (each fragment is measured once and reused, so a "fragment bomb" costs linear time to
 * measure and is refused by its expanded size). Cost counts every field once, multiplied by the page size of the
 * lists above it (`first`, default 50), so `products(first: 500) { … }` costs 500× its selection, and
 * `productsByBusinessId` is multiplied by the number of keys it is given. Introspection fields count too.
 *
 * The figure bounds work before it starts; what the carriers are really asked is bounded at run time: each request
 * may make REQUEST_MAX_CARRIER_CALLS carrier calls (observability/request-scope.ts), and a live business-id look-up
 * is checked against the platforms' capabilities before any call (`checkLiveLookup`).
 *
 * An operation over a limit is refused with QUERY_TOO_COMPLEX naming the measure, the figure and the limit, before
 * anything executes. Token count is limited at parse time (graphql-js `maxTokens`).
 */
import {
  Kind,
  getOperationAST,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { GatewayError } from '../domain/errors.js';
import { requestScope } from '../observability/request-scope.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Fields after fragment expansion (guards against fragment bombs). */
  maxSelections: number;
  maxTokens: number;
}

export interface QueryMeasure {
  depth: number;
  aliases: number;
  cost: number;
  selections: number;
}

/** Arguments whose value is the page size a list field returns. */
const PAGE_ARGS = ['first'];
const DEFAULT_PAGE = 50;

interface Measured {
  depth: number;
  aliases: number;
  cost: number;
  selections: number;
}

function argValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/** Keys given to productsByBusinessId (`iccids` + `serialNumbers`, literal lists or variables). */
function keyCount(args: readonly ArgumentNode[], variables: Record<string, unknown>): number {
  let n = 0;
  for (const a of args) {
    if (a.name.value !== 'iccids' && a.name.value !== 'serialNumbers') continue;
    if (a.value.kind === Kind.LIST) n += a.value.values.length;
    else if (a.value.kind === Kind.VARIABLE) {
      const v = variables[a.value.name.value];
      n += Array.isArray(v) ? v.length : v == null ? 0 : 1;
    } else if (a.value.kind !== Kind.NULL) n += 1;
  }
  return n;
}

export function measureOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): QueryMeasure {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { depth: 0, aliases: 0, cost: 0, selections: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, Measured>();
  const visiting = new Set<string>();

  const measureSet = (set: SelectionSetNode): Measured => {
    const total: Measured = { depth: 0, aliases: 0, cost: 0, selections: 0 };
    const add = (m: Measured, extraDepth = 0) => {
      total.depth = Math.max(total.depth, m.depth + extraDepth);
      total.aliases += m.aliases;
      total.cost += m.cost;
      total.selections += m.selections;
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        // Introspection fields (__typename, __type, __schema) count like any other field (cost, size, aliases);
        // only their nesting is left out of the depth, so GraphiQL's schema query passes the depth limit.
        const introspection = sel.name.value.startsWith('__');
        const child = sel.selectionSet
          ? measureSet(sel.selectionSet)
          : { depth: 0, aliases: 0, cost: 0, selections: 0 };
        const pageArg = sel.arguments?.find((a) => PAGE_ARGS.includes(a.name.value));
        let page = pageArg
          ? Number(argValue(pageArg.value, variables) ?? DEFAULT_PAGE) || DEFAULT_PAGE
          : sel.name.value === 'products' || sel.name.value === 'monitors'
            ? DEFAULT_PAGE
            : 1;
        // A business-id look-up returns (and may call a platform for) one product per key it is given.
        if (sel.name.value === 'productsByBusinessId') page = Math.max(1, keyCount(sel.arguments ?? [], variables));
        add({
          depth: introspection ? 0 : child.depth + 1,
          aliases: child.aliases + (sel.alias ? 1 : 0),
          cost: 1 + page * child.cost,
          selections: child.selections + 1,
        });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        add(measureSet(sel.selectionSet));
      } else {
        const name = sel.name.value;
        let m = memo.get(name);
        if (!m) {
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue; // unknown or cyclic: validation reports it
          visiting.add(name);
          m = measureSet(fragment.selectionSet);
          visiting.delete(name);
          memo.set(name, m);
        }
        add(m);
      }
      // Stop early on absurd sizes (the figure is already over any limit).
      if (total.selections > 1e9 || total.cost > 1e12) break;
    }
    return total;
  };
  const m = measureSet(operation.selectionSet);
  return { depth: m.depth, aliases: m.aliases, cost: m.cost, selections: m.selections };
}

/** Throws QUERY_TOO_COMPLEX when a measure is over its limit. */
export function enforceLimits(measure: QueryMeasure, limits: QueryLimits): void {
  const checks: Array<[keyof QueryMeasure, number, string]> = [
    ['depth', limits.maxDepth, 'depth'],
    ['aliases', limits.maxAliases, 'aliases'],
    ['selections', limits.maxSelections, 'fields after fragment expansion'],
    ['cost', limits.maxCost, 'cost'],
  ];
  for (const [key, limit, label] of checks) {
    if (measure[key] > limit) {
      throw new GatewayError('QUERY_TOO_COMPLEX', `Query ${label} is ${measure[key]}, over the limit of ${limit}`, {
        measure: key,
        value: measure[key],
        limit,
        http: { status: 400 },
      });
    }
  }
}

/** graphql-js reports too many tokens as a syntax error; this recognises it to answer QUERY_TOO_COMPLEX instead. */
export function isTokenLimitError(message: string): boolean {
  return /Document contains more tha[nt] \d+ tokens/.test(message); // graphql 16 spells it "more that"
}

/** Keys one live business-id look-up may send to a platform without a multi-id call (one carrier call per key). */
export const MAX_LIVE_KEYS_PER_PLATFORM = 20;

/**
 * Caps a live look-up before any call: each platform account's keys cost `ceil(keys / maxBatch)` calls; a platform
 * without a multi-id call (maxBatch 1) takes at most MAX_LIVE_KEYS_PER_PLATFORM keys, and the calls together must
 * fit what is left of the request's carrier-call budget. Over either → QUERY_TOO_COMPLEX with the figures.
 */
export function checkLiveLookup(plan: ReadonlyArray<{ platform: string; keys: number; maxBatch: number }>): void {
  let calls = 0;
  for (const { platform, keys, maxBatch } of plan) {
    if (maxBatch <= 1 && keys > MAX_LIVE_KEYS_PER_PLATFORM) {
      throw new GatewayError(
        'QUERY_TOO_COMPLEX',
        `${keys} keys would be looked up live on ${platform}, one carrier call each; at most ${MAX_LIVE_KEYS_PER_PLATFORM} per platform until its account is synced into the inventory`,
        {
          measure: 'liveKeys',
          value: keys,
          limit: MAX_LIVE_KEYS_PER_PLATFORM,
          http: { status: 400 },
        },
      );
    }
    calls += Math.ceil(keys / Math.max(1, maxBatch));
  }
  const scope = requestScope.current();
  if (scope && calls > scope.maxCarrierCalls - scope.carrierCalls) {
    throw new GatewayError(
      'QUERY_TOO_COMPLEX',
      `This look-up needs ${calls} carrier calls; the request has ${scope.maxCarrierCalls - scope.carrierCalls} left of its budget of ${scope.maxCarrierCalls} (REQUEST_MAX_CARRIER_CALLS)`,
      {
        measure: 'carrierCalls',
        value: calls,
        limit: scope.maxCarrierCalls - scope.carrierCalls,
        http: { status: 400 },
      },
    );
  }
}
