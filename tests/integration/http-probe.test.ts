// The failover drill's health probe (fetch with a hard timeout) against real HTTP servers on loopback: a status is
// an answer, no answer is a failed probe with the reason, and nothing is ever thrown.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchHttpGet, probeHealth } from '../../lib/failover/http-probe';
import { closedPort, silentServer } from './sql-fixtures';

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res: ServerResponse) => {
    requests.push(req.url ?? '');
    if (req.url === '/health') res.writeHead(200).end('{"status":"ok","patients":1234}');
    else if (req.url === '/down') res.writeHead(503).end('maintenance');
    else if (req.url === '/moved') res.writeHead(301, { location: '/health' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('probeHealth with fetchHttpGet', () => {
  it('is healthy on a 2xx, reporting the status only', async () => {
    expect(await probeHealth(fetchHttpGet, `${base}/health`, 2000)).toEqual({ ok: true, answer: 'HTTP 200' });
  });

  it('is unhealthy on a 5xx', async () => {
    expect(await probeHealth(fetchHttpGet, `${base}/down`, 2000)).toEqual({ ok: false, answer: 'HTTP 503' });
  });

  it('reports a redirect as it is, without following it', async () => {
    requests.length = 0;

    expect(await probeHealth(fetchHttpGet, `${base}/moved`, 2000)).toEqual({ ok: false, answer: 'HTTP 301' });
    expect(requests).toEqual(['/moved']);
  });

  it('gives up at its timeout on a server that never answers', async () => {
    const silent = await silentServer();
    try {
      expect(await probeHealth(fetchHttpGet, `http://127.0.0.1:${silent.port}/health`, 300)).toEqual({ ok: false, answer: 'timeout after 300 ms' });
    } finally {
      await silent.close();
    }
  });

  it('says the connection was refused when nothing listens', async () => {
    const port = await closedPort();

    expect(await probeHealth(fetchHttpGet, `http://127.0.0.1:${port}/health`, 2000)).toEqual({ ok: false, answer: 'could not connect (ECONNREFUSED)' });
  });
});
