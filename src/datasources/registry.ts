/**
 * Adapter factories by platform software. TMUS and JASPER share the Cisco adapter; each account gets its own
 * instance (own HTTP client, breaker, token).
 */
import type { AdapterKind } from '../platforms/catalog.js';
import type { AdapterFactory } from './adapter.js';
import { aerisAdapter } from './aeris/index.js';
import { airlinqAdapter } from './airlinq/index.js';
import { ciscoAdapter } from './cisco/index.js';
import { galaxy1Adapter } from './galaxy1/index.js';
import { intelsatAdapter } from './intelsat/index.js';
import { oneNceAdapter } from './onence/index.js';
import { stcAdapter } from './stc/index.js';
import { tmspAdapter } from './tmsp/index.js';
import { turkcellAdapter } from './turkcell/index.js';

export const ADAPTERS: Partial<Record<AdapterKind, AdapterFactory>> = {
  aeris: aerisAdapter,
  airlinq: airlinqAdapter,
  cisco: ciscoAdapter,
  galaxy1: galaxy1Adapter,
  intelsat: intelsatAdapter,
  onence: oneNceAdapter,
  stc: stcAdapter,
  tmsp: tmspAdapter,
  turkcell: turkcellAdapter,
};
