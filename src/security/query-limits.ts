/**
 * Query limits, the same on HTTP and WebSocket: depth, aliases, cost and expanded size of an operation, measured
 * after fragments are expanded (each fragment is measured once and reused, so a "fragment bomb" costs linear time to
 * measure and is refused by its expanded size). Cost counts every field once, multiplied by the page size of the
 * lists above it (`first`, default 50), so `products(first: 500) { … }` costs 500× its selection.
 *
 * An operation over a limit is refused with QUERY_TOO_COMPLEX naming the measure, the figure and the limit, before
 * anything executes. Token count is limited at parse time (graphql-js `maxTokens`).
 */
import {
  Kind, getOperationAST, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { GatewayError } from '../domain/errors.js';

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

export function measureOperation(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> = {}): QueryMeasure {
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
        // Introspection (GraphiQL's schema query) is not counted; switch introspection off to refuse it instead.
        if (sel.name.value.startsWith('__')) continue;
        const child = sel.selectionSet ? measureSet(sel.selectionSet) : { depth: 0, aliases: 0, cost: 0, selections: 0 };
        const pageArg = sel.arguments?.find((a) => PAGE_ARGS.includes(a.name.value));
        const page = pageArg ? Number(argValue(pageArg.value, variables) ?? DEFAULT_PAGE) || DEFAULT_PAGE : sel.name.value === 'products' || sel.name.value === 'monitors' ? DEFAULT_PAGE : 1;
        add({
          depth: child.depth + 1,
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
      throw new GatewayError('QUERY_TOO_COMPLEX', `Query ${label} is ${measure[key]}, over the limit of ${limit}`, { measure: key, value: measure[key], limit, http: { status: 400 } });
    }
  }
}

/** graphql-js reports too many tokens as a syntax error; this recognises it to answer QUERY_TOO_COMPLEX instead. */
export function isTokenLimitError(message: string): boolean {
  return /Document contains more tha[nt] \d+ tokens/.test(message); // graphql 16 spells it "more that"
}
