/**
 * The contract between the sandbox harness and one platform simulator. A simulator is a factory: given its
 * context (platform code, seed, accounts), it returns an Express router speaking that platform's API, the way it
 * answers errors, and the accounts (with credentials) a gateway would configure to reach it.
 */
import type { Router } from 'express';
import type { ErrorResponder } from './faults.js';

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
  now(): number;
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
  router: Router;
  /** Answers an error in the platform's own shape (used for faults, 404s and bad JSON too). */
  respondError: ErrorResponder;
  accounts(): ManifestAccount[];
  close?(): void;
}

export type SimulatorFactory = (ctx: SimulatorContext) => Simulator;
