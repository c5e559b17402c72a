import type { OperatingSystemView } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import { StaffApi } from '../data/staff-api';
import { ListStateView } from '../shared/list-state';
import { PageHeader } from '../shared/page-header';
import type { CatalogField } from './catalog-dialog';
import { CatalogList } from './catalog-list';
import { CatalogRowActions } from './catalog-row-actions';

/** The API's rule for a template volume id: `storage:vztmpl/name.tar.(gz|xz|zst)`. */
export const TEMPLATE_VOLID_PATTERN =
  /^[a-z][a-z0-9\-_.]*[a-z0-9]:vztmpl\/[\w.+-]+\.tar\.(gz|xz|zst)$/i;

export const OS_FIELDS: readonly CatalogField[] = [
  {
    key: 'name',
    label: 'Name',
    kind: 'text',
    hint: 'As customers see it, e.g. Debian 12',
    check: (value) =>
      value.trim() === ''
        ? 'Give the system a name.'
        : value.length > 64
          ? 'At most 64 characters.'
          : null,
  },
  {
    key: 'templateVolid',
    label: 'Proxmox template',
    kind: 'text',
    hint: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    check: (value) =>
      TEMPLATE_VOLID_PATTERN.test(value.trim())
        ? null
        : 'Use storage:vztmpl/file.tar.zst (or .tar.gz, .tar.xz).',
  },
];

/** Admin: the container templates customers can install. */
@Component({
  selector: 'app-operating-systems',
  imports: [PageHeader, CatalogRowActions, ListStateView, MatButtonModule, MatIconModule],
  templateUrl: './operating-systems.html',
  styleUrl: '../staff.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OperatingSystems {
  private readonly api = inject(StaffApi);
  protected readonly catalog = new CatalogList<OperatingSystemView>('system', () =>
    this.api.listOperatingSystems(),
  );

  constructor() {
    this.catalog.load();
  }

  protected create(): void {
    this.catalog.edit(
      {
        title: 'New operating system',
        saveLabel: 'Add system',
        fields: OS_FIELDS,
        values: { name: '', templateVolid: '' },
        isActive: true,
      },
      (values, isActive) =>
        this.api.createOperatingSystem({
          name: (values['name'] ?? '').trim(),
          templateVolid: (values['templateVolid'] ?? '').trim(),
          isActive,
        }),
    );
  }

  protected edit(os: OperatingSystemView): void {
    this.catalog.edit(
      {
        title: `Edit ${os.name}`,
        saveLabel: 'Save',
        fields: OS_FIELDS,
        values: { name: os.name, templateVolid: os.templateVolid },
        isActive: os.isActive,
      },
      (values, isActive) =>
        this.api.updateOperatingSystem(os.id, {
          name: (values['name'] ?? '').trim(),
          templateVolid: (values['templateVolid'] ?? '').trim(),
          isActive,
        }),
    );
  }

  protected remove(os: OperatingSystemView): void {
    this.catalog.remove(os, () => this.api.removeOperatingSystem(os.id));
  }
}
