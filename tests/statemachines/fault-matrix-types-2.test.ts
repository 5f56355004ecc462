// The fault matrix over the later target types, part 2 of 2 (jest runs the parts in parallel): Neptune and the FSx
// for NetApp ONTAP volume. See fault-matrix-types.ts.
import { defineTypeMatrix } from './fault-matrix-types';

jest.setTimeout(60_000);

defineTypeMatrix(1);
