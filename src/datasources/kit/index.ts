/**
 * The adapter kit: what every adapter needs and none should write again — credential checks, the platform HTTP
 * client set-up, bearer tokens, look-ups aligned to their keys with `maxBatch` derived from them, status words, and
 * month-to-date periods. Functions to compose, not a base class: an adapter stays one factory function.
 */
export { PlatformHttpClient, type BodyOf, type PlatformRequest, type PlatformResponse } from './client.js';
export { fieldPath, parseWire } from './wire.js';
export { requireCredentials } from './credentials.js';
export { alignToKeys, Lookup, lookups, multiId, perKey } from './lookups.js';
export { describeBy, platformClient, type ClientSetup } from './setup.js';
export { statusWords, type StatusWords } from './statuses.js';
export { itemState, progressOf, wholeOperation } from './operations.js';
export { basicAuth, OAuthToken, oauthToken, TokenCache, tokenCall, withBearer } from './token-cache.js';

/** The calendar month (UTC) to `now`, the period most platforms count usage over. */
export function monthToDate(now = new Date()): { start: Date; end: null } {
  return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: null };
}
