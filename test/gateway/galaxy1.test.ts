import { galaxy1Simulator } from '../../sandbox/simulators/galaxy1/index.js';
import { platformSuite } from '../helpers/platform-suite.js';

platformSuite({
  spec: { code: 'GALAXY1', factory: galaxy1Simulator },
  name: 'GALAXY1',
  // No status change offered (capability matrix). One list call carries terminal and SIM; usage one call per terminal.
  maxCallsForPage: (n) => 1 + n,
  expect: { simCard: true, dataConnectivity: false, terminal: true },
});
