import type {
  OperationState,
  OperationType,
  OperationView,
  ServerStatus,
  ServerView,
} from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { sqlDatetimeToIso } from '../../database/sql-datetime';

export interface ServerViewFilter {
  id?: number;
  /** Deleted servers are left out unless asked for (the answer to a delete still shows its server). */
  includeDeleted?: boolean;
  ownerId?: number;
  status?: ServerStatus;
  search?: string;
  /** Whether `search` also matches the owner's email (staff looking for a customer's servers). */
  searchOwnerEmail?: boolean;
  node?: string;
}

/** The part of better-sqlite3 used here (the package ships no type declarations). */
interface SqliteStatement {
  raw(toggle: boolean): SqliteStatement;
  columns(): { name: string }[];
  all(...parameters: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/** One result row, read by column name whatever the driver handed back (object or array). */
type Row = (column: string) => unknown;

const OPERATION_COLUMNS = ['id', 'type', 'state', 'error', 'createdAt', 'finishedAt'] as const;

/** Server, owner's email, tariff and OS names, the running and the newest operation: one statement. */
const SELECT_VIEWS = `SELECT s.id, s.ownerId, u.email AS ownerEmail, s.hostname, s.status, s.ipAddress, s.node, s.vmid,
    s.tariffId, t.name AS tariffName, s.osId, os.name AS osName, s.cores, s.memoryMb, s.diskGb,
    s.priceMonthlyMinor, s.cpuPercent, s.memUsedBytes, s.memTotalBytes, s.diskUsedBytes,
    s.diskTotalBytes, s.netInBytes, s.netOutBytes, s.uptimeSeconds, s.metricsAt, s.billedThrough,
    s.createdAt,
    ${OPERATION_COLUMNS.map((column) => `active.${column} AS active_${column}`).join(', ')},
    ${OPERATION_COLUMNS.map((column) => `latest.${column} AS latest_${column}`).join(', ')}
  FROM servers s
  LEFT JOIN users u ON u.id = s.ownerId
  LEFT JOIN tariffs t ON t.id = s.tariffId
  LEFT JOIN operating_systems os ON os.id = s.osId
  LEFT JOIN operations active ON active.id = s.activeOperationId
  LEFT JOIN operations latest ON latest.id = (SELECT MAX(o.id) FROM operations o WHERE o.serverId = s.id)`;

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));
const dateText = (value: unknown) =>
  value === null ? null : sqlDatetimeToIso(value as Date | string);

/** Column aliases of the two joined operations, spelled out once (no string building per row). */
const OPERATION_ALIASES = {
  active: Object.fromEntries(OPERATION_COLUMNS.map((column) => [column, `active_${column}`])),
  latest: Object.fromEntries(OPERATION_COLUMNS.map((column) => [column, `latest_${column}`])),
} as Record<'active' | 'latest', Record<(typeof OPERATION_COLUMNS)[number], string>>;

function operationOf(row: Row, prefix: 'active' | 'latest', serverId: number) {
  const alias = OPERATION_ALIASES[prefix];
  const id = row(alias.id);
  if (id === null) return null;
  const view: OperationView = {
    id: Number(id),
    serverId,
    type: row(alias.type) as OperationType,
    state: row(alias.state) as OperationState,
    error: (row(alias.error) as string | null) ?? null,
    createdAt: dateText(row(alias.createdAt)) as string,
    finishedAt: dateText(row(alias.finishedAt)),
  };
  return view;
}

function toView(row: Row): ServerView {
  const id = Number(row('id'));
  return {
    id,
    ownerId: Number(row('ownerId')),
    ownerEmail: (row('ownerEmail') as string | null) ?? '',
    hostname: row('hostname') as string,
    status: row('status') as ServerStatus,
    ipAddress: (row('ipAddress') as string | null) ?? null,
    node: (row('node') as string | null) ?? null,
    vmid: numberOrNull(row('vmid')),
    tariffId: Number(row('tariffId')),
    tariffName: (row('tariffName') as string | null) ?? '',
    osId: Number(row('osId')),
    osName: (row('osName') as string | null) ?? '',
    cores: Number(row('cores')),
    memoryMb: Number(row('memoryMb')),
    diskGb: Number(row('diskGb')),
    priceMonthlyMinor: Number(row('priceMonthlyMinor')),
    metrics: {
      cpuPercent: numberOrNull(row('cpuPercent')),
      memUsedBytes: numberOrNull(row('memUsedBytes')),
      memTotalBytes: numberOrNull(row('memTotalBytes')),
      diskUsedBytes: numberOrNull(row('diskUsedBytes')),
      diskTotalBytes: numberOrNull(row('diskTotalBytes')),
      netInBytes: numberOrNull(row('netInBytes')),
      netOutBytes: numberOrNull(row('netOutBytes')),
      uptimeSeconds: numberOrNull(row('uptimeSeconds')),
      sampledAt: dateText(row('metricsAt')),
    },
    activeOperation: operationOf(row, 'active', id),
    lastOperation: operationOf(row, 'latest', id),
    billedThrough: (row('billedThrough') as string | null) ?? null,
    createdAt: dateText(row('createdAt')) as string,
  };
}

/**
 * Every ServerView the API answers with (lists, one server, the 202 of an action) comes from here:
 * one plain SQL statement per request,
 * because building and hydrating TypeORM entities for a server, its operations and the catalog
 * cost more than the rest of the request together (see README's performance section).
 */
@Injectable()
export class ServerViewsReader {
  /** A handful of filter combinations, each prepared once. */
  private readonly statements = new Map<
    string,
    { statement: SqliteStatement; index: Map<string, number> }
  >();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(filter: ServerViewFilter): Promise<ServerView[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (!filter.includeDeleted) conditions.push('s.deletedAt IS NULL');
    if (filter.id !== undefined) {
      conditions.push('s.id = ?');
      parameters.push(filter.id);
    }
    if (filter.ownerId !== undefined) {
      conditions.push('s.ownerId = ?');
      parameters.push(filter.ownerId);
    }
    if (filter.status) {
      conditions.push('s.status = ?');
      parameters.push(filter.status);
    }
    if (filter.search) {
      const pattern = `%${filter.search}%`;
      if (filter.searchOwnerEmail) {
        conditions.push('(s.hostname LIKE ? OR s.ipAddress LIKE ? OR u.email LIKE ?)');
        parameters.push(pattern, pattern, pattern);
      } else {
        conditions.push('(s.hostname LIKE ? OR s.ipAddress LIKE ?)');
        parameters.push(pattern, pattern);
      }
    }
    if (filter.node) {
      conditions.push('s.node = ?');
      parameters.push(filter.node);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const sql = `${SELECT_VIEWS}${where} ORDER BY s.id ASC`;
    if (this.sqlite) return this.findOnSqlite(this.sqlite, sql, parameters);
    const rows: Record<string, unknown>[] = await this.dataSource.query(sql, parameters);
    return rows.map((row) => toView((column) => row[column]));
  }

  /**
   * On SQLite, straight through better-sqlite3 with rows as arrays: building a 45-key object per
   * row was two thirds of a 50-server list's query time.
   */
  private findOnSqlite(database: SqliteDatabase, sql: string, parameters: unknown[]): ServerView[] {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      const statement = database.prepare(sql).raw(true);
      const index = new Map(statement.columns().map((column, position) => [column.name, position]));
      prepared = { statement, index };
      this.statements.set(sql, prepared);
    }
    const { statement, index } = prepared;
    return (statement.all(...parameters) as unknown[][]).map((values) =>
      toView((column) => values[index.get(column) as number]),
    );
  }

  private get sqlite(): SqliteDatabase | undefined {
    if (this.dataSource.options.type !== 'better-sqlite3') return undefined;
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
  }
}
