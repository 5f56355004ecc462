// The fault matrix of the drill state machine (the parent): every Task failed in turn. See fault-matrix.ts.
import { defineFaultMatrix } from './fault-matrix';

jest.setTimeout(60_000);

defineFaultMatrix({ machines: ['drill'] });
