import { MIN_MEMORY_MB, type TariffView } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import { formatMemoryMb } from '../../../shared/format/units';
import { MoneyPipe } from '../../../shared/money/money-pipe';
import { StaffApi } from '../data/staff-api';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import { type CatalogField, integerProblem, minorToMoney, moneyToMinor } from './catalog-dialog';
import { CatalogList } from './catalog-list';
import { CatalogRowActions } from './catalog-row-actions';

export const TARIFF_FIELDS: readonly CatalogField[] = [
  {
    key: 'name',
    label: 'Name',
    kind: 'text',
    check: (value) =>
      value.trim() === ''
        ? 'Give the tariff a name.'
        : value.length > 64
          ? 'At most 64 characters.'
          : null,
  },
  {
    key: 'price',
    label: 'Monthly price',
    kind: 'money',
    hint: 'Charged per day: price / 30',
    check: (value) => {
      const minor = moneyToMinor(value);
      if (minor === null) return 'Enter a price such as 9.99.';
      return minor > 100_000_000 ? 'At most 1,000,000.00.' : null;
    },
  },
  {
    key: 'cores',
    label: 'CPU cores',
    kind: 'integer',
    check: (v) => integerProblem(v, 1, 64, 'Cores'),
  },
  {
    key: 'memoryMb',
    label: 'Memory (MB)',
    kind: 'integer',
    check: (v) => integerProblem(v, MIN_MEMORY_MB, 262_144, 'Memory'),
  },
  {
    key: 'diskGb',
    label: 'Disk (GB)',
    kind: 'integer',
    check: (v) => integerProblem(v, 1, 4096, 'Disk'),
  },
];

function tariffBody(values: Record<string, string>, isActive: boolean) {
  return {
    name: (values['name'] ?? '').trim(),
    priceMonthlyMinor: moneyToMinor(values['price'] ?? '') ?? 0,
    cores: Number(values['cores']),
    memoryMb: Number(values['memoryMb']),
    diskGb: Number(values['diskGb']),
    isActive,
  };
}

/** Admin: the tariffs on sale (create, edit, delete or take off sale). */
@Component({
  selector: 'app-tariffs',
  imports: [
    PageHeader,
    CatalogRowActions,
    ListStateView,
    MatButtonModule,
    MatIconModule,
    MoneyPipe,
  ],
  templateUrl: './tariffs.html',
  styleUrl: '../staff.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Tariffs {
  private readonly api = inject(StaffApi);
  protected readonly catalog = new CatalogList<TariffView>('tariff', () => this.api.listTariffs());
  protected readonly formatMemoryMb = formatMemoryMb;

  constructor() {
    this.catalog.load();
  }

  protected create(): void {
    this.catalog.edit(
      {
        title: 'New tariff',
        saveLabel: 'Create tariff',
        fields: TARIFF_FIELDS,
        values: { name: '', price: '', cores: '1', memoryMb: '1024', diskGb: '20' },
        isActive: true,
      },
      (values, isActive) => this.api.createTariff(tariffBody(values, isActive)),
    );
  }

  protected edit(tariff: TariffView): void {
    this.catalog.edit(
      {
        title: `Edit ${tariff.name}`,
        saveLabel: 'Save',
        fields: TARIFF_FIELDS,
        values: {
          name: tariff.name,
          price: minorToMoney(tariff.priceMonthlyMinor),
          cores: String(tariff.cores),
          memoryMb: String(tariff.memoryMb),
          diskGb: String(tariff.diskGb),
        },
        isActive: tariff.isActive,
      },
      (values, isActive) => this.api.updateTariff(tariff.id, tariffBody(values, isActive)),
    );
  }

  protected remove(tariff: TariffView): void {
    this.catalog.remove(tariff, () => this.api.removeTariff(tariff.id));
  }
}
