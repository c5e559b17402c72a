import type { OperatingSystemView, TariffView } from '@hostdeck/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';
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

  /** A tariff a customer may buy now; anything else is a 400 naming the field. */
  async getActiveTariff(id: number): Promise<Tariff> {
    const tariff = await this.tariffs.findOne({ where: { id, isActive: true } });
    if (!tariff) throw new BadRequestException([`tariffId: there is no tariff ${id} on sale`]);
    return tariff;
  }

  async getActiveOperatingSystem(id: number): Promise<OperatingSystem> {
    const os = await this.systems.findOne({ where: { id, isActive: true } });
    if (!os) throw new BadRequestException([`osId: there is no operating system ${id} on offer`]);
    return os;
  }

  async getTariff(id: number): Promise<Tariff | null> {
    return this.tariffs.findOne({ where: { id } });
  }

  /** Names of every tariff and OS, for server views. */
  async names(): Promise<{ tariffs: Map<number, string>; systems: Map<number, string> }> {
    const [tariffs, systems] = await Promise.all([
      this.tariffs.find({ select: { id: true, name: true } }),
      this.systems.find({ select: { id: true, name: true } }),
    ]);
    return {
      tariffs: new Map(tariffs.map((tariff) => [tariff.id, tariff.name])),
      systems: new Map(systems.map((os) => [os.id, os.name])),
    };
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
