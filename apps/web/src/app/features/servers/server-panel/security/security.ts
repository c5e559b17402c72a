import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { firstValueFrom } from 'rxjs';

import { Confirmation } from '../../../../shared/confirm-dialog/confirm-dialog';
import { OneTimeSecret } from '../../../../shared/one-time-secret/one-time-secret';
import { ServerStore } from '../../data/server-store';

/** Security tab: a new random root password, confirmed first and shown once. */
@Component({
  selector: 'app-server-security',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatProgressSpinnerModule, OneTimeSecret],
  template: `
    @if (store.server(); as server) {
      <mat-card appearance="outlined">
        <mat-card-content>
          <h2>Root password</h2>
          <p class="lead">
            Generate a new random password for the <code>root</code> user. The old one stops working
            at once. We do not keep a copy, so the new one is shown only here, once.
          </p>
          @if (!store.canResetPassword()) {
            <p class="note" role="note" data-testid="password-unavailable">
              <mat-icon svgIcon="info" aria-hidden="true" />
              @if (store.isBusy()) {
                Wait until the current operation is done.
              } @else {
                Start the server first: the password is set inside the running container.
              }
            </p>
          }
          @if (password(); as newPassword) {
            <app-one-time-secret
              class="secret"
              [secret]="newPassword"
              label="New root password"
              testId="new-password"
            />
          }
          <div class="actions">
            <button
              mat-flat-button
              type="button"
              data-testid="password-generate"
              [disabled]="!store.canResetPassword()"
              (click)="generatePassword(server.hostname)"
            >
              @if (store.pendingAction() === 'password') {
                <mat-spinner diameter="20" aria-hidden="true" />
              } @else {
                <mat-icon svgIcon="key" />
              }
              Generate new password
            </button>
          </div>
        </mat-card-content>
      </mat-card>
    }
  `,
  styleUrl: '../tab-page.scss',
  styles: `
    .secret {
      display: block;
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerSecurity {
  protected readonly store = inject(ServerStore);
  private readonly confirmation = inject(Confirmation);

  /** Lives only as long as this tab is open. */
  protected readonly password = signal<string | null>(null);

  protected async generatePassword(hostname: string): Promise<void> {
    const answer = await firstValueFrom(
      this.confirmation.ask({
        title: `New root password for ${hostname}?`,
        message: 'The current root password stops working immediately. SSH keys are not affected.',
        confirmLabel: 'Generate password',
      }),
    );
    if (!answer) return;
    this.password.set(null);
    const password = await this.store.resetRootPassword();
    if (password) this.password.set(password);
  }
}
