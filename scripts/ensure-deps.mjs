// Runs before `npm start` and `npm test`: on a fresh clone, installs the locked dependencies once, so that the
// README's two commands are all a newcomer needs. Does nothing when node_modules matches the lock file.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) {
  // npm install (not npm ci) keeps the locked versions and tolerates the platform-specific optional packages that
  // npm leaves out of the lock file here.
  console.log('Installing dependencies (npm install)…');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
