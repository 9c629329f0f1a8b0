import { airlinqSimulator } from '../../sandbox/simulators/airlinq/index.js';
import { platformSuite } from '../helpers/platform-suite.js';

platformSuite({
  spec: { code: 'AIRLINQ', factory: airlinqSimulator },
  name: 'AIRLINQ',
  statusChange: { mode: 'ASYNC', from: 'ACTIVE', to: 'BLOCKED', notAllowed: 'TERMINATED' },
  // One list call; SIM card and connectivity come with it; usage is one call per SIM.
  maxCallsForPage: (n) => 1 + n,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});
