// The fault matrix over the later target types, part 1 of 2 (jest runs the parts in parallel): FSx for Windows and
// DocumentDB. See fault-matrix-types.ts.
import { defineTypeMatrix } from './fault-matrix-types';

jest.setTimeout(60_000);

defineTypeMatrix(0);
