/**
 * `GET /v1|v2/sims`: page (≥ 1, default 1), pageSize (1..100, default 10), q (`imei:…,ip_address:…`, exact
 * matches, all must hold) and sort (`imei`, `ip_address`, `-` for descending), as the specification lists them.
 * Both sortable fields grow with the SIM's index (one device model per organization, addresses allocated in
 * order), so any sort is index order or its reverse and a page is read straight from the generator; a filter
 * parses the index back from the value. Nothing walks the fleet.
 */
import type { Request, Response } from 'express';
import type { OneNceOrganization } from './accounts.js';
import type { OneNceSim } from './fleet.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
const FIELDS = ['imei', 'ip_address'] as const;
type Field = (typeof FIELDS)[number];
const isField = (f: string): f is Field => (FIELDS as readonly string[]).includes(f);

export interface ListQuery {
  page: number;
  pageSize: number;
  filter: Partial<Record<Field, string>>;
  descending: boolean;
}

/** A single query value, or undefined when absent; arrays (repeated parameters) are invalid. */
function single(req: Request, name: string): string | undefined | null {
  const v = req.query[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : null;
}

function integer(req: Request, name: string, min: number, max: number, fallback: number): number | string {
  const raw = single(req, name);
  if (raw === undefined) return fallback;
  if (raw === null || !/^\d+$/.test(raw))
    return `Cannot parse parameter ${name} as Int: For input string "${raw ?? ''}"`;
  const n = Number(raw);
  return n < min || n > max ? `Parameter ${name} must be between ${min} and ${max}` : n;
}

/** The parsed query, or the reason it is refused. */
export function parseListQuery(req: Request): ListQuery | string {
  const page = integer(req, 'page', 1, Number.MAX_SAFE_INTEGER, 1);
  if (typeof page === 'string') return page;
  const pageSize = integer(req, 'pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  if (typeof pageSize === 'string') return pageSize;
  const filter: ListQuery['filter'] = {};
  const q = single(req, 'q');
  if (q === null) return 'Parameter q must be given once';
  for (const criterion of q ? q.split(',') : []) {
    const colon = criterion.indexOf(':');
    const field = criterion.slice(0, colon).trim();
    if (colon < 0 || !isField(field)) return `Unknown filter criterion "${criterion}": use imei or ip_address`;
    filter[field] = criterion.slice(colon + 1).trim();
  }
  const sort = single(req, 'sort');
  if (sort === null) return 'Parameter sort must be given once';
  const keys = sort ? sort.split(',').map((k) => k.trim()) : [];
  for (const key of keys)
    if (!isField(key.replace(/^-/, ''))) return `Unknown sort field "${key}": use imei or ip_address`;
  return { page, pageSize, filter, descending: keys[0]?.startsWith('-') ?? false };
}

/** One page of the organization's SIMs and the total the headers report. */
export function selectPage(org: OneNceOrganization, query: ListQuery): { items: OneNceSim[]; total: number } {
  const { filter, page, pageSize, descending } = query;
  if (filter.imei !== undefined || filter.ip_address !== undefined) {
    const byImei = filter.imei !== undefined ? org.byImei(filter.imei) : undefined;
    const byIp = filter.ip_address !== undefined ? org.byIp(filter.ip_address) : undefined;
    const sim = byImei ?? byIp;
    const matches =
      sim &&
      (filter.imei === undefined || sim.imei === filter.imei) &&
      (filter.ip_address === undefined || sim.ipAddress === filter.ip_address);
    const all = matches ? [sim] : [];
    return { items: page === 1 ? all : [], total: all.length };
  }
  const size = org.fleet.size;
  const start = (page - 1) * pageSize;
  const items: OneNceSim[] = [];
  if (!descending) items.push(...org.fleet.range(start, pageSize));
  else
    for (let p = start; p < Math.min(size, start + pageSize); p++)
      items.push(org.fleet.get(org.fleet.indexAt(size - 1 - p)!)!);
  return { items, total: size };
}

/** The four paging headers of the specification. */
export function setPagingHeaders(res: Response, query: ListQuery, total: number): void {
  res.setHeader('X-Count-Per-Page', String(query.pageSize));
  res.setHeader('X-Current-Page', String(query.page));
  res.setHeader('X-Total-Count', String(total));
  res.setHeader('X-Total-Pages', String(Math.ceil(total / query.pageSize)));
}
