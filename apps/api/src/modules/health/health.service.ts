import type { HealthResponse, HealthState } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const VERSION = '0.1.0';

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<HealthResponse> {
    const checks: HealthResponse['checks'] = { database: await this.checkDatabase() };
    const allUp = Object.values(checks).every((check) => check.status === 'up');
    return {
      status: allUp ? 'ok' : 'error',
      checks,
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  private async checkDatabase(): Promise<{ status: HealthState; message?: string }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up' };
    } catch {
      return { status: 'down', message: 'database unreachable' };
    }
  }
}
