// The fault matrix of the restore-target state machine, part 1 of 2 (jest runs the parts in parallel): every
// Task failed in turn. See fault-matrix.ts.
import { defineFaultMatrix } from './fault-matrix';

jest.setTimeout(60_000);

defineFaultMatrix({ machines: ['restoreTarget'], slice: [0, 2] });
