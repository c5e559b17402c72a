import type {
  OperatingSystemView,
  OperationType,
  OperationView,
  ServerView,
  TariffView,
} from '@hostdeck/contracts';

export function anOperation(
  type: OperationType,
  overrides: Partial<OperationView> = {},
): OperationView {
  return {
    id: 31,
    serverId: 4,
    type,
    state: 'running',
    error: null,
    createdAt: '2026-02-01T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

export function aServer(overrides: Partial<ServerView> = {}): ServerView {
  return {
    id: 4,
    ownerId: 7,
    ownerEmail: 'owner@example.com',
    hostname: 'web1',
    status: 'running',
    ipAddress: '10.10.0.14',
    node: 'pve1',
    vmid: 104,
    tariffId: 1,
    tariffName: 'Start',
    osId: 2,
    osName: 'Debian 12',
    cores: 1,
    memoryMb: 1024,
    diskGb: 10,
    priceMonthlyMinor: 500,
    metrics: {
      cpuPercent: 12.5,
      memUsedBytes: 256 * 1024 ** 2,
      memTotalBytes: 1024 * 1024 ** 2,
      diskUsedBytes: 2 * 1024 ** 3,
      diskTotalBytes: 10 * 1024 ** 3,
      netInBytes: 1_000,
      netOutBytes: 2_000,
      uptimeSeconds: 3_600,
      sampledAt: '2026-02-01T10:00:00.000Z',
    },
    activeOperation: null,
    lastOperation: null,
    billedThrough: '2026-02-01',
    createdAt: '2026-02-01T09:00:00.000Z',
    ...overrides,
  };
}

export function aTariff(overrides: Partial<TariffView> = {}): TariffView {
  return {
    id: 1,
    name: 'Start',
    priceMonthlyMinor: 500,
    cores: 1,
    memoryMb: 1024,
    diskGb: 10,
    isActive: true,
    ...overrides,
  };
}

export function anOs(overrides: Partial<OperatingSystemView> = {}): OperatingSystemView {
  return {
    id: 2,
    name: 'Debian 12',
    templateVolid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    type: 'lxc',
    isActive: true,
    ...overrides,
  };
}
