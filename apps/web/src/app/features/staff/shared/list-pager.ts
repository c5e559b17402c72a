import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatPaginatorModule } from '@angular/material/paginator';

import type { PagedList } from '../data/paged-list';

/** The paginator under a staff list: its pages of `list.pageSize` rows, without a size picker. */
@Component({
  selector: 'app-list-pager',
  imports: [MatPaginatorModule],
  template: `
    <mat-paginator
      [length]="list().total()"
      [pageIndex]="list().page() - 1"
      [pageSize]="list().pageSize"
      [hidePageSize]="true"
      (page)="pageChange.emit($event.pageIndex + 1)"
      [attr.aria-label]="label()"
    />
  `,
  styles: `
    :host {
      display: contents;
    }
    mat-paginator {
      background: transparent;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListPager {
  readonly list = input.required<PagedList<unknown>>();
  /** The paginator's accessible name, e.g. "User pages". */
  readonly label = input.required<string>();
  /** The 1-based page the user picked. */
  readonly pageChange = output<number>();
}
