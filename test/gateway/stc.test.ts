import { stcSimulator } from '../../sandbox/simulators/stc/index.js';
import { platformSuite } from '../helpers/platform-suite.js';

platformSuite({
  spec: { code: 'STC', factory: stcSimulator },
  name: 'STC',
  statusChange: { mode: 'ASYNC', from: 'ACTIVE', to: 'SUSPENDED', notAllowed: 'BLOCKED' },
  // One list call; SIM cards come with it; connectivity and usage one call per SIM each.
  maxCallsForPage: (n) => 1 + 2 * n,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});
