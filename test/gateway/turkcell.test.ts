import { turkcellSimulator } from '../../sandbox/simulators/turkcell/index.js';
import { platformSuite } from '../helpers/platform-suite.js';

platformSuite({
  spec: { code: 'TURKCELL', factory: turkcellSimulator },
  name: 'TURKCELL',
  // No SIM status change offered (capability matrix): the suite checks NOT_SUPPORTED with no backend call.
  // One list call; SIM card and connectivity come with it; usage one call per line.
  maxCallsForPage: (n) => 1 + n,
  expect: { simCard: true, dataConnectivity: true, terminal: false },
});
