import { DataSource } from 'typeorm';

/**
 * Read access to a panel's database from outside its process (the fault suites run the API as a
 * child process), with `?` placeholders on SQLite and MariaDB alike.
 */
export interface DatabaseProbe {
  query<T>(sql: string, params?: (string | number | null)[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openDatabaseProbe(databaseUrl: string): Promise<DatabaseProbe> {
  const dataSource = new DataSource(
    databaseUrl.startsWith('sqlite:')
      ? {
          type: 'better-sqlite3',
          database: databaseUrl.slice('sqlite:'.length),
          prepareDatabase: (db: { pragma(sql: string): unknown }) => {
            db.pragma('busy_timeout = 5000');
          },
        }
      : {
          type: 'mysql',
          url: databaseUrl,
          timezone: 'Z',
          supportBigNumbers: true,
          dateStrings: true,
        },
  );
  await dataSource.initialize();
  return {
    query: async <T>(sql: string, params: (string | number | null)[] = []) => {
      const rows: unknown = await dataSource.query(sql, params);
      return (Array.isArray(rows) ? rows : []) as T[];
    },
    close: () => dataSource.destroy(),
  };
}

interface LedgerRow {
  id: number;
  userId: number;
  type: string;
  amountMinor: number;
  balanceAfterMinor: number;
  reference: string;
  serverId: number | null;
}

interface ServerRow {
  id: number;
  ownerId: number;
  hostname: string;
  status: string;
  node: string | null;
  vmid: number | null;
  priceMonthlyMinor: number;
  billedThrough: string | null;
  deletedAt: string | null;
}

const DAY_MS = 86_400_000;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Money is neither lost nor doubled: every balance equals the sum of its user's ledger entries,
 * each entry's balance-after is the running sum, each live server is charged exactly once for
 * every day up to its billedThrough and never beyond, and a refund never exceeds what was charged.
 * Returns what is wrong, one line each (empty when everything holds).
 */
export async function moneyViolations(
  db: DatabaseProbe,
  options: { firstDayOf?: (serverId: number) => string | undefined } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const users = await db.query<{ id: number; balanceMinor: number }>(
    'SELECT id, balanceMinor FROM users ORDER BY id',
  );
  const ledger = await db.query<LedgerRow>(
    'SELECT id, userId, type, amountMinor, balanceAfterMinor, reference, serverId FROM transactions ORDER BY id',
  );
  for (const user of users) {
    let running = 0;
    for (const entry of ledger.filter((row) => Number(row.userId) === Number(user.id))) {
      running += Number(entry.amountMinor);
      if (Number(entry.balanceAfterMinor) !== running)
        problems.push(
          `user ${user.id}: ${entry.reference} says balance-after ${entry.balanceAfterMinor}, the running sum is ${running}`,
        );
    }
    if (Number(user.balanceMinor) !== running)
      problems.push(`user ${user.id}: balance ${user.balanceMinor}, ledger sum ${running}`);
  }
  const servers = await db.query<ServerRow>(
    'SELECT id, ownerId, hostname, status, node, vmid, priceMonthlyMinor, billedThrough, deletedAt FROM servers ORDER BY id',
  );
  for (const server of servers) {
    const mine = ledger.filter((row) => Number(row.serverId) === Number(server.id));
    const charges = mine.filter((row) => row.type === 'charge');
    const days = charges.map((row) => row.reference.split(':').pop() as string).sort();
    if (new Set(days).size !== days.length)
      problems.push(`server ${server.id}: a day charged twice (${days.join(', ')})`);
    const refunded = mine
      .filter((row) => row.type === 'refund')
      .reduce((sum, row) => sum + Number(row.amountMinor), 0);
    const charged = -charges.reduce((sum, row) => sum + Number(row.amountMinor), 0);
    if (refunded > charged)
      problems.push(`server ${server.id}: refunded ${refunded}, more than charged ${charged}`);
    if (charges.length === 0 || !server.billedThrough) continue;
    const through = String(server.billedThrough).slice(0, 10);
    const first = options.firstDayOf?.(Number(server.id)) ?? days[0];
    for (let day = first; day <= through; day = nextDay(day)) {
      if (!days.includes(day))
        problems.push(`server ${server.id}: ${day} not charged (billed through ${through})`);
    }
    const beyond = days.filter((day) => day > through);
    if (beyond.length > 0)
      problems.push(`server ${server.id}: charged after billedThrough ${through}: ${beyond}`);
  }
  return problems;
}

/**
 * No orphan containers: every container in the simulator belongs to a live server row, and every
 * live server row with a container (but a failed one) has it in the simulator.
 */
export async function containerViolations(
  db: DatabaseProbe,
  simulatorContainers: { node: string; vmid: number; hostname?: string }[],
): Promise<string[]> {
  const problems: string[] = [];
  const servers = await db.query<ServerRow>(
    'SELECT id, status, node, vmid, deletedAt FROM servers WHERE vmid IS NOT NULL AND deletedAt IS NULL',
  );
  const rows = new Map(servers.map((server) => [`${server.node}/${server.vmid}`, server]));
  for (const container of simulatorContainers) {
    if (!rows.has(`${container.node}/${container.vmid}`))
      problems.push(
        `orphan container ${container.node}/${container.vmid} (${container.hostname ?? '?'}) has no live server row`,
      );
  }
  const present = new Set(simulatorContainers.map((c) => `${c.node}/${c.vmid}`));
  for (const [key, server] of rows) {
    // A failed create keeps its row (status error) for the ledger; its container is gone.
    if (!present.has(key) && server.status !== 'error')
      problems.push(`server ${server.id} (${server.status}) points at ${key}, which is gone`);
  }
  return problems;
}

/** Every operation has reached a final state (succeeded or failed) and holds no server's slot. */
export async function unfinishedOperations(db: DatabaseProbe): Promise<string[]> {
  const open = await db.query<{ id: number; type: string; state: string; serverId: number }>(
    "SELECT id, type, state, serverId FROM operations WHERE state IN ('pending', 'running')",
  );
  const held = await db.query<{ id: number; activeOperationId: number }>(
    'SELECT id, activeOperationId FROM servers WHERE activeOperationId IS NOT NULL',
  );
  return [
    ...open.map((op) => `operation ${op.id} (${op.type} on server ${op.serverId}) is ${op.state}`),
    ...held.map(
      (server) => `server ${server.id} still holds operation ${server.activeOperationId}`,
    ),
  ];
}
