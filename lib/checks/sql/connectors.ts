// The connector for each SQL dialect a plan can name (`validation.engine`).
import type { SqlConnector } from '../types';
import { connectMysql } from './mysql';
import { connectPostgres } from './postgres';

export const sqlConnectors: Record<'postgres' | 'mysql', SqlConnector> = {
  postgres: connectPostgres,
  mysql: connectMysql,
};
