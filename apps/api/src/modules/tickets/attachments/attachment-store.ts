import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, ReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';

import { appConfig } from '../../../config/configuration';

const STORED_NAME = /^[0-9a-f]{32}$/;

/** Ticket attachments on disk under DATA_DIR/attachments, each under a random name. */
@Injectable()
export class AttachmentStore {
  private readonly logger = new Logger(AttachmentStore.name);
  private readonly dir: string;

  constructor(@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>) {
    this.dir = join(config.dataDir, 'attachments');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Writes the bytes and returns the stored name (never derived from the upload's name). */
  async save(data: Buffer): Promise<string> {
    const name = randomBytes(16).toString('hex');
    await writeFile(join(this.dir, name), data, { flag: 'wx', mode: 0o600 });
    return name;
  }

  /** A stream of the stored file; null when the name is not ours or the file is gone. */
  async open(storedName: string): Promise<ReadStream | null> {
    if (!STORED_NAME.test(storedName)) return null;
    const path = join(this.dir, storedName);
    try {
      if (!(await stat(path)).isFile()) return null;
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  async remove(storedName: string): Promise<void> {
    if (!STORED_NAME.test(storedName)) return;
    try {
      await rm(join(this.dir, storedName), { force: true });
    } catch (error) {
      this.logger.warn(
        `attachment ${storedName} not removed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
