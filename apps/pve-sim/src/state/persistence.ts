import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { ContainerRecord, TaskRecord, TemplateVolume } from './types';

export interface StateFile {
  version: 1;
  savedAt: string;
  ticketSecret: string;
  sshHostKey?: string;
  containers: ContainerRecord[];
  templates: Record<string, TemplateVolume[]>;
  tasks: TaskRecord[];
}

function isStateFile(value: unknown): value is StateFile {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record['version'] === 1 &&
    typeof record['ticketSecret'] === 'string' &&
    Array.isArray(record['containers']) &&
    typeof record['templates'] === 'object' &&
    Array.isArray(record['tasks'])
  );
}

export function readStateFile(file: string): StateFile | undefined {
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isStateFile(parsed)) throw new Error(`${file} is not a pve-sim state file (version 1)`);
  return parsed;
}

/** Writes the state (debounced) after changes; the write is atomic (temp file + rename). */
export class StatePersistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly collect: () => StateFile,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, 50);
  }

  flush(): void {
    if (!this.file) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.collect(), null, 1), { mode: 0o600 });
      renameSync(temp, this.file);
    } catch (error) {
      this.onError(error);
    }
  }
}
