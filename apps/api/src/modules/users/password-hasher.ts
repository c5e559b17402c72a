import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import * as bcrypt from 'bcrypt';

import { jwtConfig } from '../../config/configuration';

/** bcrypt with the configured cost (at least 10). */
@Injectable()
export class PasswordHasher {
  /** A real hash compared against when the email is unknown, so timing does not reveal it. */
  private decoy: Promise<string> | undefined;

  constructor(@Inject(jwtConfig.KEY) private readonly config: ConfigType<typeof jwtConfig>) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  async burnTime(password: string): Promise<void> {
    this.decoy ??= this.hash('decoy-password-for-timing');
    await bcrypt.compare(password, await this.decoy);
  }
}
