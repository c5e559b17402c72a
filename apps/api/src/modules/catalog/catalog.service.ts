import type { CatalogRemoval, OperatingSystemView, TariffView } from '@hostdeck/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { isUniqueViolation } from '../users/users.service';
import type {
  CreateOperatingSystemDto,
  CreateTariffDto,
  UpdateOperatingSystemDto,
  UpdateTariffDto,
} from './dto/catalog-admin.dto';

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

  // ---- administration -----------------------------------------------------------------------

  async listAllTariffs(): Promise<TariffView[]> {
    return (await this.tariffs.find({ order: { sortOrder: 'ASC', id: 'ASC' } })).map(toTariffView);
  }

  async listAllOperatingSystems(): Promise<OperatingSystemView[]> {
    return (await this.systems.find({ order: { name: 'ASC' } })).map(toOperatingSystemView);
  }

  async createTariff(dto: CreateTariffDto): Promise<TariffView> {
    return toTariffView(
      await this.saveUnique(
        () => this.tariffs.save(this.tariffs.create({ ...dto, isActive: dto.isActive ?? true })),
        'A tariff with this name exists',
      ),
    );
  }

  async updateTariff(id: number, dto: UpdateTariffDto): Promise<TariffView> {
    const tariff = await this.tariffs.findOne({ where: { id } });
    if (!tariff) throw new NotFoundException(`Tariff ${id} not found`);
    Object.assign(tariff, dto);
    // Running servers keep their size and price; a tariff change applies to new servers.
    return toTariffView(
      await this.saveUnique(() => this.tariffs.save(tariff), 'A tariff with this name exists'),
    );
  }

  /** Deletes an unused tariff; one that servers still use is only deactivated. */
  async removeTariff(id: number): Promise<CatalogRemoval> {
    const tariff = await this.tariffs.findOne({ where: { id } });
    if (!tariff) throw new NotFoundException(`Tariff ${id} not found`);
    if (await this.isUsed('tariffId', id)) {
      await this.tariffs.update({ id }, { isActive: false });
      return { isDeleted: false, isDeactivated: true };
    }
    await this.tariffs.delete({ id });
    return { isDeleted: true, isDeactivated: false };
  }

  async createOperatingSystem(dto: CreateOperatingSystemDto): Promise<OperatingSystemView> {
    return toOperatingSystemView(
      await this.saveUnique(
        () =>
          this.systems.save(
            this.systems.create({ ...dto, type: 'lxc', isActive: dto.isActive ?? true }),
          ),
        'This template is already listed',
      ),
    );
  }

  async updateOperatingSystem(
    id: number,
    dto: UpdateOperatingSystemDto,
  ): Promise<OperatingSystemView> {
    const os = await this.systems.findOne({ where: { id } });
    if (!os) throw new NotFoundException(`Operating system ${id} not found`);
    Object.assign(os, dto);
    return toOperatingSystemView(
      await this.saveUnique(() => this.systems.save(os), 'This template is already listed'),
    );
  }

  async removeOperatingSystem(id: number): Promise<CatalogRemoval> {
    const os = await this.systems.findOne({ where: { id } });
    if (!os) throw new NotFoundException(`Operating system ${id} not found`);
    if (await this.isUsed('osId', id)) {
      await this.systems.update({ id }, { isActive: false });
      return { isDeleted: false, isDeactivated: true };
    }
    await this.systems.delete({ id });
    return { isDeleted: true, isDeactivated: false };
  }

  /** Whether any server row (deleted ones too: the ledger refers to them) points at it. */
  private async isUsed(column: 'tariffId' | 'osId', id: number): Promise<boolean> {
    const rows: { n: number | string }[] = await this.tariffs.manager.query(
      `SELECT COUNT(*) AS n FROM servers WHERE ${column} = ?`,
      [id],
    );
    return Number(rows[0].n) > 0;
  }

  private async saveUnique<T>(save: () => Promise<T>, conflict: string): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(conflict);
      throw error;
    }
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
