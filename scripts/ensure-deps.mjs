// Runs before `npm start` and `npm test`: on a fresh clone (or after a pull changed the lock file), installs exactly
// the locked dependencies with `npm ci`, so that the README's two commands are all a newcomer needs. It never
// rewrites package-lock.json (npm ci refuses a lock out of step with package.json instead of "fixing" it). Does
// nothing when node_modules was installed from the current lock file.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) {
  console.log('Installing the locked dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
