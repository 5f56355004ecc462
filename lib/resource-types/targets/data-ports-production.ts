// The data ports in Lambda (data-ports.ts): the MongoDB driver for DocumentDB, HTTPS with SigV4 for Neptune, signed as
// the function's role (the default credential chain: Lambda's environment). Imported by the validation function's
// handler only, so the drivers reach that bundle alone.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { DataPorts } from './data-ports';
import { documentDbDriver } from './docdb/driver';
import { neptuneHttpClient } from './neptune/client';

export const productionDataPorts = (): DataPorts => ({
  docdb: documentDbDriver(),
  neptune: neptuneHttpClient({ credentials: defaultProvider() }),
});
