/**
 * Every platform the sandbox simulates, in the order their ports are assigned. TMUS and JASPER are two instances
 * of the one Cisco IoT Control Center simulator.
 */
import type { PlatformSpec } from './core/harness.js';
import { aerisSimulator } from './simulators/aeris/index.js';
import { airlinqSimulator } from './simulators/airlinq/index.js';
import { ciscoSimulator } from './simulators/cisco/index.js';
import { galaxy1Simulator } from './simulators/galaxy1/index.js';
import { intelsatSimulator } from './simulators/intelsat/index.js';
import { oneNceSimulator } from './simulators/onence/index.js';
import { stcSimulator } from './simulators/stc/index.js';
import { tmspSimulator } from './simulators/tmsp/index.js';
import { turkcellSimulator } from './simulators/turkcell/index.js';

export const PLATFORM_SIMULATORS: PlatformSpec[] = [
  { code: 'TMSP', factory: tmspSimulator },
  { code: 'TMUS', factory: ciscoSimulator },
  { code: 'JASPER', factory: ciscoSimulator },
  { code: 'IOTA', factory: aerisSimulator },
  { code: 'INTELSAT', factory: intelsatSimulator },
  { code: 'AIRLINQ', factory: airlinqSimulator },
  { code: '1NCE', factory: oneNceSimulator },
  { code: 'STC', factory: stcSimulator },
  { code: 'TURKCELL', factory: turkcellSimulator },
  { code: 'GALAXY1', factory: galaxy1Simulator },
];
