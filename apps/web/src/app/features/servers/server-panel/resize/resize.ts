import { MIN_MEMORY_MB, type ResizeServerRequest } from '@hostdeck/contracts';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import {
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { firstValueFrom } from 'rxjs';

import { Confirmation } from '../../../../shared/confirm-dialog/confirm-dialog';
import { formatMemoryMb } from '../../../../shared/format/units';
import { MoneyPipe } from '../../../../shared/money/money-pipe';
import { ServerStore } from '../../data/server-store';
import { diskCannotShrinkValidator, integerValidator } from '../../data/validators';

/** The API's limits (ResizeServerDto). */
export const RESIZE_LIMITS = {
  cores: { min: 1, max: 64 },
  memoryMb: { min: MIN_MEMORY_MB, max: 262_144 },
  diskGb: { max: 4_096 },
} as const;

/** Resize tab: cores, memory and a bigger disk; the API answers with the new monthly price. */
@Component({
  selector: 'app-server-resize',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MoneyPipe,
    ReactiveFormsModule,
  ],
  templateUrl: './resize.html',
  styleUrl: '../tab-page.scss',
  styles: `
    .fields {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr));
      gap: 12px;
    }
    .current {
      margin: 0 0 16px;
      font: var(--mat-sys-body-medium);
    }
    .result {
      margin: 16px 0 0;
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-body-medium);
    }
    @media (max-width: 719.98px) {
      .fields {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerResize {
  protected readonly store = inject(ServerStore);
  private readonly confirmation = inject(Confirmation);

  protected readonly limits = RESIZE_LIMITS;
  private readonly currentDiskGb = computed(() => this.store.server()?.diskGb ?? null);
  private readonly resources = computed(
    () => {
      const server = this.store.server();
      return server
        ? { cores: server.cores, memoryMb: server.memoryMb, diskGb: server.diskGb }
        : null;
    },
    {
      equal: (a, b) =>
        a?.cores === b?.cores && a?.memoryMb === b?.memoryMb && a?.diskGb === b?.diskGb,
    },
  );

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    cores: this.numberControl(RESIZE_LIMITS.cores.min, RESIZE_LIMITS.cores.max),
    memoryMb: this.numberControl(RESIZE_LIMITS.memoryMb.min, RESIZE_LIMITS.memoryMb.max),
    diskGb: new FormControl<number | null>(null, {
      validators: [
        Validators.required,
        integerValidator,
        Validators.max(RESIZE_LIMITS.diskGb.max),
        diskCannotShrinkValidator(() => this.currentDiskGb()),
      ],
    }),
  });

  /** The monthly price the API quoted for the last accepted resize. */
  protected readonly newPriceMinor = signal<number | null>(null);
  protected readonly nothingChanged = signal(false);

  constructor() {
    // Fill the form with the server's size, and again after a resize changed it.
    effect(() => {
      const resources = this.resources();
      if (resources) untracked(() => this.form.reset(resources));
    });
  }

  protected memoryLabel(memoryMb: number): string {
    return formatMemoryMb(memoryMb);
  }

  protected async resizeServer(): Promise<void> {
    const server = this.store.server();
    this.form.controls.diskGb.updateValueAndValidity();
    if (!server || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body = changedResources(server, this.form.getRawValue());
    this.nothingChanged.set(Object.keys(body).length === 0);
    if (this.nothingChanged()) return;
    const answer = await firstValueFrom(
      this.confirmation.ask({
        title: `Resize ${server.hostname}?`,
        message:
          `${describeChange(server, body)}\n\n` +
          'The new monthly price applies from the next billing day. A disk cannot be made ' +
          'smaller again later.',
        confirmLabel: 'Resize',
      }),
    );
    if (!answer) return;
    const accepted = await this.store.resize(body);
    if (accepted) this.newPriceMinor.set(accepted.priceMonthlyMinor);
  }

  private numberControl(min: number, max: number): FormControl<number | null> {
    return new FormControl<number | null>(null, {
      validators: [Validators.required, integerValidator, Validators.min(min), Validators.max(max)],
    });
  }
}

interface Resources {
  readonly cores: number;
  readonly memoryMb: number;
  readonly diskGb: number;
}

/** Only what differs from the server goes to the API. */
export function changedResources(
  server: Resources,
  wanted: { cores: number | null; memoryMb: number | null; diskGb: number | null },
): ResizeServerRequest {
  const body: { -readonly [K in keyof ResizeServerRequest]: ResizeServerRequest[K] } = {};
  if (wanted.cores !== null && Number(wanted.cores) !== server.cores) {
    body.cores = Number(wanted.cores);
  }
  if (wanted.memoryMb !== null && Number(wanted.memoryMb) !== server.memoryMb) {
    body.memoryMb = Number(wanted.memoryMb);
  }
  if (wanted.diskGb !== null && Number(wanted.diskGb) !== server.diskGb) {
    body.diskGb = Number(wanted.diskGb);
  }
  return body;
}

function describeChange(server: Resources, body: ResizeServerRequest): string {
  const lines: string[] = [];
  if (body.cores !== undefined) lines.push(`Cores: ${server.cores} → ${body.cores}`);
  if (body.memoryMb !== undefined) {
    lines.push(`Memory: ${formatMemoryMb(server.memoryMb)} → ${formatMemoryMb(body.memoryMb)}`);
  }
  if (body.diskGb !== undefined) lines.push(`Disk: ${server.diskGb} GB → ${body.diskGb} GB`);
  return lines.join('\n');
}
