// How DocumentDB's data checks reach a restored cluster: a port of the validation function's dependencies, so that
// Lambda uses the MongoDB driver (driver.ts), unit tests a fake, and the local run the simulation (sim.ts dataPort).
// Pure types: no driver import here.

/** Where and as whom to connect: the restored cluster's endpoint, the plan secret's user. */
export interface DocumentDbEndpoint {
  host: string;
  port: number;
  username: string;
  password: string;
}

/** An open connection. Reads only: the checks count documents and nothing else. */
export interface DocumentDbSession {
  /** The number of documents in database.collection; rejects when the server refuses or times out. */
  countDocuments(database: string, collection: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface DocumentDbPort {
  /** Connects (TLS, authenticated) or rejects with the reason, within connectTimeoutMs. */
  connect(endpoint: DocumentDbEndpoint, options: { connectTimeoutMs: number }): Promise<DocumentDbSession>;
}
