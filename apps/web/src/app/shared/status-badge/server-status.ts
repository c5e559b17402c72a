import type { OperationType, ServerStatus } from '@hostdeck/contracts';

/** Colour family of a status badge; each maps to Material system colours in the badge's styles. */
export type StatusTone = 'success' | 'neutral' | 'progress' | 'warning' | 'danger';

export interface ServerStatusLook {
  readonly label: string;
  readonly tone: StatusTone;
  /** The server is between states; the UI polls until it settles. */
  readonly isTransitional: boolean;
  /** One line for people who do not know Proxmox. */
  readonly description: string;
}

export const SERVER_STATUS_LOOKS: Readonly<Record<ServerStatus, ServerStatusLook>> = {
  creating: {
    label: 'Creating',
    tone: 'progress',
    isTransitional: true,
    description: 'The container is being set up.',
  },
  running: {
    label: 'Running',
    tone: 'success',
    isTransitional: false,
    description: 'The server is up.',
  },
  stopped: {
    label: 'Stopped',
    tone: 'neutral',
    isTransitional: false,
    description: 'The server is shut down. It is still billed.',
  },
  suspended: {
    label: 'Suspended',
    tone: 'warning',
    isTransitional: false,
    description: 'Stopped because the balance ran out. Top up to resume it.',
  },
  error: {
    label: 'Error',
    tone: 'danger',
    isTransitional: false,
    description: 'Something went wrong. Contact support if it stays like this.',
  },
  deleting: {
    label: 'Deleting',
    tone: 'progress',
    isTransitional: true,
    description: 'The server is being deleted.',
  },
  unknown: {
    label: 'Unknown',
    tone: 'warning',
    isTransitional: false,
    description: 'The cluster could not be asked about this server.',
  },
};

export function serverStatusLook(status: ServerStatus): ServerStatusLook {
  return SERVER_STATUS_LOOKS[status] ?? SERVER_STATUS_LOOKS.unknown;
}

/** What a running operation is doing, as a progress line ("Stopping…"). */
export const OPERATION_LABELS: Readonly<Record<OperationType, string>> = {
  create: 'Creating the server',
  start: 'Starting',
  stop: 'Stopping',
  restart: 'Restarting',
  delete: 'Deleting the server',
  resize: 'Resizing',
  'snapshot-create': 'Taking a snapshot',
  'snapshot-rollback': 'Restoring a snapshot',
  'snapshot-delete': 'Deleting a snapshot',
  password: 'Setting a new root password',
};
