import type { OperatingSystemView, ServerView, TariffView } from '@hostdeck/contracts';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { finalize, forkJoin, startWith } from 'rxjs';

import { SessionStore } from '../../../core/auth/session-store';
import { apiErrorMessages, errorMessage, httpStatus } from '../../../core/errors/api-error';
import { formatMemoryMb } from '../../../shared/format/units';
import { MoneyPipe } from '../../../shared/money/money-pipe';
import { OneTimeSecret } from '../../../shared/one-time-secret/one-time-secret';
import { StatusBadge } from '../../../shared/status-badge/status-badge';
import { coversFirstDay, dailyPriceMinor } from '../data/billing';
import { ServerStore } from '../data/server-store';
import { ServersApi } from '../data/servers-api';
import {
  MAX_SSH_KEYS,
  hostnameValidator,
  parseSshKeys,
  sshKeysValidator,
} from '../data/validators';

type CatalogState = 'loading' | 'ready' | 'error';

/** A failed create, as the page shows it: the 402 sentence, or the API's field messages. */
export interface CreateError {
  readonly status: number | null;
  readonly messages: readonly string[];
}

/**
 * Create a server: pick a tariff and an OS, optionally a hostname and SSH keys. After the API
 * accepts, the page follows the new server until it is no longer creating and shows its root
 * password once.
 */
@Component({
  selector: 'app-create-server',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MoneyPipe,
    OneTimeSecret,
    ReactiveFormsModule,
    RouterLink,
    StatusBadge,
  ],
  providers: [ServerStore],
  templateUrl: './create-server.html',
  styleUrl: './create-server.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateServer {
  private readonly api = inject(ServersApi);
  private readonly session = inject(SessionStore);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly store = inject(ServerStore);

  protected readonly maxSshKeys = MAX_SSH_KEYS;
  protected readonly catalogState = signal<CatalogState>('loading');
  protected readonly catalogError = signal<string | null>(null);
  protected readonly tariffs = signal<TariffView[]>([]);
  protected readonly systems = signal<OperatingSystemView[]>([]);

  protected readonly form = inject(NonNullableFormBuilder).group({
    tariffId: [0, [Validators.required, Validators.min(1)]],
    osId: [0, [Validators.required, Validators.min(1)]],
    hostname: ['', [hostnameValidator, Validators.maxLength(63)]],
    sshKeys: ['', [sshKeysValidator]],
  });

  private readonly tariffId = toSignal(
    this.form.controls.tariffId.valueChanges.pipe(startWith(this.form.controls.tariffId.value)),
    { requireSync: true },
  );
  protected readonly selectedTariff = computed(
    () => this.tariffs().find((tariff) => tariff.id === this.tariffId()) ?? null,
  );
  protected readonly balanceMinor = computed(() => this.session.user()?.balanceMinor ?? 0);
  protected readonly firstDayMinor = computed(() => {
    const tariff = this.selectedTariff();
    return tariff ? dailyPriceMinor(tariff.priceMonthlyMinor) : null;
  });
  /** Whether the balance pays the chosen tariff's first day (true until one is chosen). */
  protected readonly canAfford = computed(() => {
    const tariff = this.selectedTariff();
    return tariff === null || coversFirstDay(this.balanceMinor(), tariff.priceMonthlyMinor);
  });

  protected readonly isSubmitting = signal(false);
  protected readonly error = signal<CreateError | null>(null);
  /** The new server's root password: shown once, here, and never stored anywhere. */
  protected readonly rootPassword = signal<string | null>(null);
  protected readonly created = this.store.server;
  protected readonly isCreating = computed(() => {
    const server = this.created();
    return server !== null && (server.status === 'creating' || server.activeOperation !== null);
  });

  constructor() {
    this.session.refreshUser();
    this.loadCatalog();
  }

  protected loadCatalog(): void {
    this.catalogState.set('loading');
    forkJoin({ tariffs: this.api.listTariffs(), systems: this.api.listOperatingSystems() })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ tariffs, systems }) => {
          const activeTariffs = tariffs.filter((tariff) => tariff.isActive);
          const activeSystems = systems.filter((os) => os.isActive);
          this.tariffs.set(activeTariffs);
          this.systems.set(activeSystems);
          // Sensible defaults: the cheapest plan the balance pays for, and the first OS.
          const affordable = [...activeTariffs]
            .sort((a, b) => a.priceMonthlyMinor - b.priceMonthlyMinor)
            .find((tariff) => coversFirstDay(this.balanceMinor(), tariff.priceMonthlyMinor));
          if (this.form.controls.tariffId.value === 0 && (affordable ?? activeTariffs[0])) {
            this.form.controls.tariffId.setValue((affordable ?? activeTariffs[0]).id);
          }
          if (this.form.controls.osId.value === 0 && activeSystems[0]) {
            this.form.controls.osId.setValue(activeSystems[0].id);
          }
          this.catalogState.set('ready');
        },
        error: (error: unknown) => {
          this.catalogError.set(errorMessage(error, 'The tariffs could not be loaded.'));
          this.catalogState.set('error');
        },
      });
  }

  protected memoryOf(tariff: TariffView): string {
    return formatMemoryMb(tariff.memoryMb);
  }

  protected dailyOf(tariff: TariffView): number {
    return dailyPriceMinor(tariff.priceMonthlyMinor);
  }

  protected createServer(): void {
    if (this.isSubmitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    if (!this.canAfford()) return;
    const { tariffId, osId, hostname, sshKeys } = this.form.getRawValue();
    const keys = parseSshKeys(sshKeys);
    const trimmedHostname = hostname.trim();
    this.isSubmitting.set(true);
    this.error.set(null);
    this.api
      .createServer({
        tariffId,
        osId,
        ...(trimmedHostname ? { hostname: trimmedHostname } : {}),
        ...(keys.length > 0 ? { sshPublicKeys: keys } : {}),
      })
      .pipe(
        finalize(() => this.isSubmitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: ({ server, rootPassword }) => {
          this.rootPassword.set(rootPassword);
          this.store.follow(server);
          // The first day was charged.
          this.session.refreshUser();
        },
        error: (error: unknown) => {
          this.error.set(toCreateError(error));
          // 402: our idea of the balance was out of date.
          if (httpStatus(error) === 402) this.session.refreshUser();
        },
      });
  }

  protected isReady(server: ServerView): boolean {
    return server.status === 'running' || server.status === 'stopped';
  }
}

export function toCreateError(error: unknown): CreateError {
  const status = httpStatus(error);
  const messages = apiErrorMessages(error).map(
    (text) => text.charAt(0).toUpperCase() + text.slice(1),
  );
  if ((status === 400 || status === 402 || status === 404 || status === 409) && messages.length) {
    return { status, messages };
  }
  return { status, messages: [errorMessage(error, 'The server could not be created. Try again.')] };
}
