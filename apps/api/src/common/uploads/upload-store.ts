import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, ReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';

const STORED_NAME = /^[0-9a-f]{32}$/;

/**
 * Uploaded files on disk (ticket attachments, payment receipts), each under a random name in a
 * folder of DATA_DIR that nothing serves directly; the upload's own name never reaches the disk.
 */
export class UploadStore {
  private readonly logger = new Logger(UploadStore.name);

  constructor(private readonly dir: string) {
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
        `upload ${storedName} not removed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
