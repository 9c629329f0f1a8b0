/**
 * The contract between the sandbox harness and one platform simulator. A simulator is a factory: given its
 * context (platform code, seed, accounts), it returns an Express router speaking that platform's API, the way it
 * answers errors, and the accounts (with credentials) a gateway would configure to reach it.
 */
import type { Router } from 'express';
import type { OutOfBand } from './admin.js';
import type { ErrorResponder } from './faults.js';

/**
 * How closely a simulator follows its platform (shown in the manifest and docs/sandbox.md):
 * `official-spec` — the carrier's own published OpenAPI; `community-spec` — a community-written spec of the API;
 * `published-extract` — copied from carrier-published material, not whole; `partly-public` — some of the API is
 * public (paths, auth, client code), the rest designed; `designed` — nothing public, designed in the platform's style.
 */
export const FIDELITY_LABELS = [
  'official-spec',
  'community-spec',
  'published-extract',
  'partly-public',
  'designed',
] as const;
export type Fidelity = (typeof FIDELITY_LABELS)[number];

export interface AccountSpec {
  /** Account number within this simulator, 1..99; also part of every generated ICCID. */
  number: number;
  /** Human name ("Sandbox TMUS account 1"). */
  name: string;
  /** Products in this account's fleet. */
  size: number;
}

export interface SimulatorContext {
  /** The platform code this instance serves (TMUS and JASPER are two instances of the Cisco simulator). */
  code: string;
  seed: string;
  accounts: AccountSpec[];
  /** Live setting: how long asynchronous operations wait before they run, in ms. */
  asyncDelayMs(): number;
  /**
   * Live setting: when true, the simulator omits every field its platform documents as optional (each simulator's
   * page in docs/sandbox/ lists them). Read on every response.
   */
  minimal(): boolean;
  now(): number;
  /**
   * The URL clients reach this simulator at, as the manifest gives it (known once it listens: read it when answering,
   * e.g. for a credential naming a URL of the simulator, not while the factory runs).
   */
  baseUrl(): string;
}

export interface ManifestAccount {
  /** The account's id at the platform (organization id, account id, partner id…). */
  id: string;
  name: string;
  size: number;
  /** What a gateway needs to authenticate as this account; field names are the platform's. */
  credentials: Record<string, string>;
}

export interface Simulator {
  /** Platform software, e.g. "Cisco IoT Control Center". */
  system: string;
  /** How closely it follows the real platform. */
  fidelity: Fidelity;
  router: Router;
  /** Answers an error in the platform's own shape (used for faults, 404s and bad JSON too). */
  respondError: ErrorResponder;
  accounts(): ManifestAccount[];
  /** Out-of-band changes through the admin API (carrier-portal actions). */
  outOfBand: OutOfBand;
  close?(): void;
}

export type SimulatorFactory = (ctx: SimulatorContext) => Simulator;
