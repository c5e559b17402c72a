import type { OperatingSystemView, TariffView } from '@hostdeck/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { OperatingSystem } from './entities/operating-system.entity';
import { Tariff } from './entities/tariff.entity';
import { toOperatingSystemView, toTariffView } from './mappers/to-catalog-view';

/** What customers can buy: tariffs and OS templates. */
@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(Tariff) private readonly tariffs: Repository<Tariff>,
    @InjectRepository(OperatingSystem) private readonly systems: Repository<OperatingSystem>,
  ) {}

  async listActiveTariffs(): Promise<TariffView[]> {
    const rows = await this.tariffs.find({
      where: { isActive: true },
      order: { sortOrder: 'ASC', id: 'ASC' },
    });
    return rows.map(toTariffView);
  }

  async listActiveOperatingSystems(): Promise<OperatingSystemView[]> {
    const rows = await this.systems.find({ where: { isActive: true }, order: { name: 'ASC' } });
    return rows.map(toOperatingSystemView);
  }

  /** Inserts the starter catalog into an empty database; returns whether it did. */
  async seedDefaults(): Promise<boolean> {
    if ((await this.tariffs.count()) > 0 || (await this.systems.count()) > 0) return false;
    await this.tariffs.insert([
      { name: 'Start', priceMonthlyMinor: 500, cores: 1, memoryMb: 1024, diskGb: 10, sortOrder: 1 },
      {
        name: 'Standard',
        priceMonthlyMinor: 1200,
        cores: 2,
        memoryMb: 2048,
        diskGb: 40,
        sortOrder: 2,
      },
      { name: 'Pro', priceMonthlyMinor: 2900, cores: 4, memoryMb: 8192, diskGb: 100, sortOrder: 3 },
    ]);
    await this.systems.insert([
      {
        name: 'Debian 12',
        templateVolid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        type: 'lxc',
      },
      {
        name: 'Ubuntu 24.04',
        templateVolid: 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
        type: 'lxc',
      },
      {
        name: 'AlmaLinux 9',
        templateVolid: 'local:vztmpl/almalinux-9-default_20240911_amd64.tar.xz',
        type: 'lxc',
      },
    ]);
    return true;
  }
}
