import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';

import { redisConfig } from '../../config/configuration';

/**
 * Makes exactly one instance run each sweep: with REDIS_URL a lock with expiry (SET NX PX), so
 * if the holder dies another instance takes the next cycle; alone, the lock is always granted.
 */
@Injectable()
export class SweepLock implements OnApplicationShutdown {
  private readonly logger = new Logger(SweepLock.name);
  private readonly instanceId = randomUUID();
  private readonly redis: Redis | undefined;
  private readonly keyPrefix: string;

  constructor(@Inject(redisConfig.KEY) config: ConfigType<typeof redisConfig>) {
    this.keyPrefix = config.keyPrefix;
    this.redis = config.url
      ? new Redis(config.url, {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: false,
          lazyConnect: false,
        })
      : undefined;
    this.redis?.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
  }

  /**
   * Takes a lock that is never released early: it names one cycle, and expires on its own, so an
   * instance that dies holding it blocks nothing beyond that cycle.
   */
  async acquire(name: string, holdMs: number): Promise<boolean> {
    if (!this.redis) return true;
    try {
      return (
        (await this.redis.set(
          `${this.keyPrefix}:lock:${name}`,
          this.instanceId,
          'PX',
          holdMs,
          'NX',
        )) === 'OK'
      );
    } catch (error) {
      this.logger.warn(
        `could not take lock ${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
