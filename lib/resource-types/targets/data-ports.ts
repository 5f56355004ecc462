// Ports through which a type's data checks reach a restored database that no AWS SDK client reaches (a MongoDB wire
// connection, an HTTPS query endpoint): one entry per type that needs one, its interface in the type's port.ts. The
// validation function gets them in its dependencies (Deps.dataPorts): the real drivers in Lambda
// (data-ports-production.ts, bundled into that function only), the simulation's in local runs (each type's sim.ts
// dataPort, collected by local/sim/target-sims.ts), fakes in unit tests. Pure types.
import type { DocumentDbPort } from './docdb/port';
import type { NeptunePort } from './neptune/port';

export interface DataPorts {
  readonly docdb?: DocumentDbPort;
  readonly neptune?: NeptunePort;
}

/** The port a type's checks need, or a clear error: a validation function built without it cannot check the data. */
export function portOf<K extends keyof DataPorts>(ports: DataPorts | undefined, type: K): NonNullable<DataPorts[K]> {
  const port = ports?.[type];
  if (!port) throw new Error(`no ${type} data port was given to the validation function`);
  return port as NonNullable<DataPorts[K]>;
}
