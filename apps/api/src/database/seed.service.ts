import { randomBytes } from 'node:crypto';

import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { seedConfig } from '../config/configuration';
import { LedgerService } from '../modules/billing/ledger.service';
import { CatalogService } from '../modules/catalog/catalog.service';
import { UsersService } from '../modules/users/users.service';
import { withDatabaseLock } from './migration-lock';
import { UnitOfWork } from './unit-of-work';

export const DEMO_CUSTOMER_EMAIL = 'demo@hostdeck.local';
const DEFAULT_ADMIN_EMAIL = 'admin@hostdeck.local';

/** First start: a starter catalog, an admin and a demo customer, with their passwords printed once. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @Inject(seedConfig.KEY) private readonly config: ConfigType<typeof seedConfig>,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly ledger: LedgerService,
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      // Instances starting together take turns; the second finds everything seeded.
      await withDatabaseLock(this.dataSource, 'hostdeck_seed', () => this.seed());
    } catch (error) {
      // Another instance starting at the same moment seeded first (SQLite has no lock to wait on).
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  private async seed(): Promise<void> {
    if (await this.catalog.seedDefaults()) this.logger.log('seeded 3 tariffs and 3 OS templates');
    if (await this.users.existsWithRole('admin')) return;
    const adminEmail = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const adminPassword = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const demoPassword = randomBytes(12).toString('base64url');
    await this.users.create(adminEmail, adminPassword, 'admin');
    const lines = [
      `admin:    ${adminEmail}${this.config.adminPassword ? ' (password from ADMIN_PASSWORD)' : ` / ${adminPassword}`}`,
    ];
    if (!(await this.users.findByEmail(DEMO_CUSTOMER_EMAIL))) {
      const demo = await this.users.create(DEMO_CUSTOMER_EMAIL, demoPassword, 'customer');
      if (this.config.demoBalanceMinor > 0) {
        await this.unitOfWork.run((manager) =>
          this.ledger.apply(manager, {
            userId: demo.id,
            type: 'adjustment',
            amountMinor: this.config.demoBalanceMinor,
            reference: 'seed:demo-balance',
            description: 'Demo starting balance',
          }),
        );
      }
      lines.push(`customer: ${DEMO_CUSTOMER_EMAIL} / ${demoPassword}`);
    }
    // Printed once, straight to the console, so the passwords never enter structured logs.
    process.stdout.write(
      `\nHostdeck first start: demo accounts (shown only now)\n  ${lines.join('\n  ')}\n\n`,
    );
  }
}
