import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  TemplateRef,
  contentChild,
  input,
  output,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import type { ListState } from '../data/paged-list';

/**
 * A staff list's loading, error (with "Try again") and empty blocks, then the list itself: the
 * `<ng-template>` inside, rendered once there is something to show. The blocks are
 * `<testId>-loading`, `<testId>-error` and `<testId>-empty`.
 */
@Component({
  selector: 'app-list-state',
  imports: [MatButtonModule, MatProgressSpinnerModule, NgTemplateOutlet],
  template: `
    @switch (state()) {
      @case ('loading') {
        <div class="state" role="status" [attr.data-testid]="testId() + '-loading'">
          <mat-spinner diameter="36" aria-hidden="true" />
          {{ loadingText() }}
        </div>
      }
      @case ('error') {
        <div class="state error" role="alert" [attr.data-testid]="testId() + '-error'">
          <p>{{ error() }}</p>
          <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
        </div>
      }
      @default {
        @if (isEmpty()) {
          <p class="state" [attr.data-testid]="testId() + '-empty'">{{ emptyText() }}</p>
        } @else {
          <ng-container [ngTemplateOutlet]="content()" />
        }
      }
    }
  `,
  styleUrl: './list-state.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListStateView {
  readonly state = input.required<ListState>();
  readonly testId = input.required<string>();
  readonly loadingText = input.required<string>();
  readonly error = input<string | null>(null);
  readonly isEmpty = input.required<boolean>();
  readonly emptyText = input.required<string>();
  /** "Try again" after an error. */
  readonly retry = output();

  protected readonly content = contentChild.required(TemplateRef);
}
