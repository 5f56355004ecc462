// How Neptune's data checks reach a restored cluster: a port of the validation function's dependencies, so that
// Lambda uses HTTPS with Signature Version 4 (client.ts), tests a fake or a local HTTP server, and the local run the
// simulation (sim.ts dataPort). Pure types.

/** One openCypher query (POST /openCypher, https://docs.aws.amazon.com/neptune/latest/userguide/access-graph-opencypher-queries.html). */
export interface OpenCypherRequest {
  /** The restored cluster's endpoint and port (8182 by default). */
  host: string;
  port: number;
  /** The cluster's region: the SigV4 credential scope. */
  region: string;
  query: string;
  /** Sign the request (service neptune-db): the cluster uses IAM database authentication. */
  iamAuth: boolean;
  timeoutMs: number;
}

/** Neptune's answer: `{"results": [{"c": 42}]}` for `RETURN count(n) AS c`. */
export interface OpenCypherResponse {
  results: Record<string, unknown>[];
}

/** Neptune answered with an error (HTTP status and Neptune's code, e.g. 403 AccessDeniedException). */
export class NeptuneQueryError extends Error {
  override readonly name = 'NeptuneQueryError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NeptunePort {
  openCypher(request: OpenCypherRequest): Promise<OpenCypherResponse>;
}
