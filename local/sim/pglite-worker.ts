// One in-memory PGlite (PostgreSQL compiled to WebAssembly) in a worker thread, driven by messages.
//
// Why a worker: jest runs test code in a VM context where PGlite's own `import()` calls fail
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG), while a worker has Node's own module loader; and PostgreSQL runs
// each statement synchronously, which in a worker blocks neither the state machines nor the simulated clock.
// Values and errors cross as structured clones and are rebuilt here, so `instanceof Date` and `instanceof Error`
// hold in the caller's realm (jest's differs from the worker's).
import { readFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpCachePath, writeTmpCache } from '../tmp-cache';

/** What a statement failing in PostgreSQL looks like to node-postgres and PGlite: the server's fields on an Error. */
export interface PgError extends Error {
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

type Message = { method: 'ready' | 'close' | 'dump' } | { method: 'exec'; sql: string } | { method: 'query'; sql: string; params: unknown[] };
type Reply = { id: number; ok: true; rows: unknown[][] } | { id: number; ok: false; error: Record<string, string | undefined> };

// Plain CommonJS for the worker: it cannot load TypeScript. Bigint (int8) stays a string, as node-postgres (the
// production driver) returns it, so the check runner sees production's types. With workerData.dataDir (a tar of
// the data directory of a cluster initdb just made) the engine starts from it instead of running initdb itself.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const db = new PGlite({ parsers: { 20: (text) => text }, ...(workerData.dataDir ? { loadDataDir: new Blob([workerData.dataDir]) } : {}) });
const fields = ['name', 'message', 'code', 'severity', 'detail', 'hint', 'position'];
parentPort.on('message', async (request) => {
  try {
    let rows = [];
    if (request.method === 'ready') await db.waitReady;
    else if (request.method === 'close') await db.close();
    else if (request.method === 'dump') rows = [[new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer())]];
    else if (request.method === 'exec') await db.exec(request.sql);
    else rows = (await db.query(request.sql, request.params, { rowMode: 'array' })).rows;
    parentPort.postMessage({ id: request.id, ok: true, rows });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ id: request.id, ok: false, error: Object.fromEntries(fields.map((f) => [f, e[f] === undefined ? undefined : String(e[f])])) });
  }
});
`;

export function pgError(fields: Record<string, string | undefined>): PgError {
  const error: PgError = new Error(fields.message ?? 'PostgreSQL error');
  error.name = fields.name ?? 'error';
  for (const key of ['code', 'severity', 'detail', 'hint', 'position'] as const) if (fields[key] !== undefined) error[key] = fields[key];
  return error;
}

/** Rebuilds a cloned value with this realm's constructors. */
function local(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime());
  // The constructor copies a typed array in one go (a data directory is 40 MB), where Uint8Array.from iterates it.
  if (ArrayBuffer.isView(value)) return new Uint8Array(value as Uint8Array);
  if (Array.isArray(value)) return value.map(local);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, local(v)]));
}

/** The data directory of a cluster initdb made, as a tar (see PgliteWorker.start). */
let emptyCluster: Promise<Uint8Array> | undefined;
const EMPTY_CLUSTER_FILE = (): string => tmpCachePath('pglite-empty-cluster', 'tar');

function savedEmptyCluster(): Promise<Uint8Array> | undefined {
  try {
    return Promise.resolve(new Uint8Array(readFileSync(EMPTY_CLUSTER_FILE())));
  } catch {
    return undefined;
  }
}

export class PgliteWorker {
  private readonly pending = new Map<number, { resolve: (rows: unknown[][]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    // Only a request in flight keeps the process alive: an idle database never holds up the end of a run.
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the PGlite worker exited (code ${code})`)));
  }

  /**
   * A started, empty PostgreSQL. initdb and the engine's start take two to three seconds; so the first start keeps the
   * data directory initdb made (a tar of about 40 MB, dumped before anything is written to it) in the process and in
   * the temporary folder (local/tmp-cache.ts), and every later start, in this process or the next, loads a copy of
   * it in half a second. Each engine still has its own data: only the empty cluster is shared. A saved cluster that
   * does not start is deleted and initdb runs again.
   */
  static async start(): Promise<PgliteWorker> {
    emptyCluster ??= savedEmptyCluster();
    const dataDir = await emptyCluster?.catch(() => undefined);
    try {
      return await PgliteWorker.startFrom(dataDir);
    } catch (error) {
      if (!dataDir) throw error;
      rmSync(EMPTY_CLUSTER_FILE(), { force: true });
      emptyCluster = undefined;
      return PgliteWorker.startFrom(undefined);
    }
  }

  private static async startFrom(dataDir: Uint8Array | undefined): Promise<PgliteWorker> {
    const worker = new PgliteWorker(new Worker(WORKER_SOURCE, { eval: true, workerData: { pglite: require.resolve('@electric-sql/pglite'), dataDir } }));
    try {
      await worker.send({ method: 'ready' });
      // Awaited before anyone writes: the tar must be of the cluster as initdb left it.
      if (!emptyCluster && !dataDir) {
        emptyCluster = worker.send({ method: 'dump' }).then((rows) => {
          const tar = rows[0]![0] as Uint8Array;
          writeTmpCache(EMPTY_CLUSTER_FILE(), tar);
          return tar;
        });
      }
      await emptyCluster?.catch(() => undefined);
    } catch (error) {
      await worker.worker.terminate();
      throw error;
    }
    return worker;
  }

  /** Runs one or more statements without parameters (setup scripts). */
  async exec(sql: string): Promise<void> {
    await this.send({ method: 'exec', sql });
  }

  /** One statement; rows as arrays of column values. */
  query(sql: string, params: unknown[] = []): Promise<unknown[][]> {
    return this.send({ method: 'query', sql, params });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.send({ method: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(message: Message): Promise<unknown[][]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(local(reply.rows) as unknown[][]);
    else waiter.reject(pgError(reply.error));
  }

  private fail(error: Error): void {
    this.failure ??= new Error(`PGlite is not running: ${error.message}`);
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
    this.worker.unref();
  }
}
