// The Neptune client (lib/resource-types/targets/neptune/client.ts) against a real HTTP server on 127.0.0.1 that
// answers like Neptune's /openCypher endpoint and, like a cluster with IAM database authentication, refuses any request
// whose Signature Version 4 does not verify: the server recomputes the signature from the request it received (method,
// path, the signed headers, the body's hash) with the known test credentials, for service neptune-db in the request's
// region. The client is handed node:http's request in place of node:https's: the same code path, without a certificate.
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { neptuneHttpClient, type RequestFn } from '../../lib/resource-types/targets/neptune/client';
import { NeptuneQueryError } from '../../lib/resource-types/targets/neptune/port';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const REGION = 'eu-west-1';
const NODES: Record<string, number> = { '*': 813, Concept: 367 };

interface Seen {
  method?: string;
  path?: string;
  contentType?: string;
  query?: string;
  verdict?: string;
}

let server: Server;
let port: number;
const seen: Seen[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Recomputes the request's signature as AWS would, from what arrived; undefined when it verifies. */
async function signatureProblem(req: IncomingMessage, body: string): Promise<string | undefined> {
  const auth = req.headers.authorization;
  if (!auth) return 'Missing Authentication Token';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'malformed Authorization header';
  const [, accessKey, , region, service, signedHeaders, signature] = m;
  if (service !== 'neptune-db') return `signed for service ${service}, not neptune-db`;
  if (accessKey !== CREDENTIALS.accessKeyId) return 'unknown access key';
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = String(req.headers[name]);
  const [path, search] = (req.url ?? '/').split('?');
  const signer = new SignatureV4({ service: 'neptune-db', region: region!, credentials: CREDENTIALS, sha256: Hash.bind(null, 'sha256') });
  const expected = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'https:', hostname: headers.host!.split(':')[0]!, path: path!, query: Object.fromEntries(new URLSearchParams(search ?? '')), headers, body },
    { signingDate },
  );
  const want = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1];
  return want === signature ? undefined : 'The request signature we calculated does not match the signature you provided';
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const query = new URLSearchParams(body).get('query') ?? undefined;
      const entry: Seen = { method: req.method, path: req.url, contentType: req.headers['content-type'], query };
      seen.push(entry);
      const problem = await signatureProblem(req, body);
      entry.verdict = problem ?? 'verified';
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify(json));
      };
      if (problem) return send(403, { code: 'AccessDeniedException', requestId: 'r-1', detailedMessage: problem });
      if (req.method !== 'POST' || req.url !== '/openCypher') return send(400, { code: 'BadRequestException', detailedMessage: 'unsupported' });
      const match = /^MATCH \(n(?::`(\w+)`)?\) RETURN count\(n\) AS c$/.exec(query ?? '');
      if (!match) return send(400, { code: 'MalformedQueryException', requestId: 'r-2', detailedMessage: 'Invalid input' });
      return send(200, { results: [{ c: NODES[match[1] ?? '*'] ?? 0 }] });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  sent.length = 0;
});

/** What the client asked of node:https (its TLS options included), sent over node:http instead. */
const sent: RequestOptions[] = [];
const viaHttp: RequestFn = (options, callback) => {
  sent.push(options);
  const { ca: _ca, ...plain } = options;
  return httpRequest(plain, callback);
};
const client = (credentials = CREDENTIALS) => neptuneHttpClient({ credentials: async () => credentials, request: viaHttp });
const ask = (query: string, iamAuth = true) => client().openCypher({ host: '127.0.0.1', port, region: REGION, query, iamAuth, timeoutMs: 5000 });

describe('the Neptune client against a local server that verifies SigV4', () => {
  it('POSTs the query as a form to /openCypher, signed for neptune-db, and reads the count', async () => {
    const answer = await ask('MATCH (n:`Concept`) RETURN count(n) AS c');

    expect(answer).toEqual({ results: [{ c: 367 }] });
    // Over HTTPS it would verify Neptune's certificate against the RDS certificate authorities.
    expect(Array.isArray(sent[0]!.ca) && (sent[0]!.ca as string[])[0]).toContain('BEGIN CERTIFICATE');
    expect(sent[0]!.rejectUnauthorized).toBeUndefined();
    expect(seen).toEqual([{ method: 'POST', path: '/openCypher', contentType: 'application/x-www-form-urlencoded', query: 'MATCH (n:`Concept`) RETURN count(n) AS c', verdict: 'verified' }]);
  });

  it('is refused, with Neptune\'s code and message, when the signature was made with another secret', async () => {
    const wrong = neptuneHttpClient({ credentials: async () => ({ ...CREDENTIALS, secretAccessKey: 'not-the-secret' }), request: viaHttp });
    const error = await wrong.openCypher({ host: '127.0.0.1', port, region: REGION, query: 'MATCH (n) RETURN count(n) AS c', iamAuth: true, timeoutMs: 5000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NeptuneQueryError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDeniedException' });
    expect((error as Error).message).toContain('The request signature we calculated does not match');
  });

  it('sends no signature when the cluster does not use IAM auth (this server then refuses it, as a cluster with IAM auth would)', async () => {
    const error = await ask('MATCH (n) RETURN count(n) AS c', false).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 403, code: 'AccessDeniedException', message: 'Neptune answered 403 AccessDeniedException: Missing Authentication Token' });
  });

  it("reports Neptune's error for a query it rejects", async () => {
    await expect(ask('RETURN 1')).rejects.toMatchObject({ status: 400, code: 'MalformedQueryException', message: 'Neptune answered 400 MalformedQueryException: Invalid input' });
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      await expect(client().openCypher({ host: '127.0.0.1', port: silentPort, region: REGION, query: 'MATCH (n) RETURN count(n) AS c', iamAuth: true, timeoutMs: 200 })).rejects.toThrow(
        'Neptune did not answer within 200 ms',
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
