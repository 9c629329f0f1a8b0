/**
 * Where the carrier specifications are for the tests that validate traffic against them: the folder named by
 * `SPECS_DIR` (.ci/run sets it to ../shared/specs when that folder exists). When it is unset or absent those tests
 * are skipped — a bare clone's `npm test` passes — and the run says so once (`announceSpecs`, vitest's global
 * set-up), not once per test file.
 *
 *   const specs = specsDir();                      // undefined when absent
 *   describe.skipIf(!specs)('…', …);
 *   readSpec(specs!, '1nce-authorization.openapi.json')
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The specification folder, or undefined when SPECS_DIR is unset or names no folder. */
export function specsDir(): string | undefined {
  const dir = process.env.SPECS_DIR;
  return dir && existsSync(dir) && statSync(dir).isDirectory() ? path.resolve(dir) : undefined;
}

/** The text of one specification file of the folder. */
export function readSpec(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/** Vitest global set-up: one line for the whole run when the spec tests are skipped. */
export default function announceSpecs(): void {
  if (specsDir()) return;
  const dir = process.env.SPECS_DIR;
  console.log(
    `spec tests skipped (1NCE simulator, adapter traffic): SPECS_DIR ${dir ? `is ${dir}, which is not a folder` : 'not set'} (.ci/run sets it to ../shared/specs)`,
  );
}
