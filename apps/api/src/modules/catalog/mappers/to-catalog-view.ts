import type { OperatingSystemView, TariffView } from '@hostdeck/contracts';

import type { OperatingSystem } from '../entities/operating-system.entity';
import type { Tariff } from '../entities/tariff.entity';

export function toTariffView(tariff: Tariff): TariffView {
  return {
    id: tariff.id,
    name: tariff.name,
    priceMonthlyMinor: tariff.priceMonthlyMinor,
    cores: tariff.cores,
    memoryMb: tariff.memoryMb,
    diskGb: tariff.diskGb,
    isActive: tariff.isActive,
  };
}

export function toOperatingSystemView(os: OperatingSystem): OperatingSystemView {
  return {
    id: os.id,
    name: os.name,
    templateVolid: os.templateVolid,
    type: os.type,
    isActive: os.isActive,
  };
}
