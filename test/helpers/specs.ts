/**
 * Where the carrier specifications are for the tests that validate traffic against them: the folder named by
 * `SPECS_DIR` (.ci/run sets it to ../shared/specs when that folder exists). When it is unset or absent those tests
 * are skipped — a bare clone's `npm test` passes — and the skip is said in one line per test file.
 *
 *   const specs = specsDir('1NCE simulator');      // undefined when absent (and the line is printed)
 *   describe.skipIf(!specs)('…', …);
 *   readSpec(specs!, '1nce-authorization.openapi.json')
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The specification folder, or undefined (after printing why the `what` tests are skipped). */
export function specsDir(what: string): string | undefined {
  const dir = process.env.SPECS_DIR;
  if (dir && existsSync(dir) && statSync(dir).isDirectory()) return path.resolve(dir);
  console.log(
    `spec tests skipped (${what}): SPECS_DIR ${dir ? `is ${dir}, which does not exist` : 'not set'} (.ci/run sets it to ../shared/specs)`,
  );
  return undefined;
}

/** The text of one specification file of the folder. */
export function readSpec(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}
