// The fault matrix of the failover-target state machine: every Task failed in turn. See fault-matrix.ts.
import { defineFaultMatrix } from './fault-matrix';

jest.setTimeout(60_000);

defineFaultMatrix({ machines: ['failoverTarget'] });
