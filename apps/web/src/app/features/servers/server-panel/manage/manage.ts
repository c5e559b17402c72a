import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { firstValueFrom } from 'rxjs';

import {
  Confirmation,
  type ConfirmDialogData,
  type ConfirmDialogResult,
} from '../../../../shared/confirm-dialog/confirm-dialog';
import { ServerStore } from '../../data/server-store';

/** Manage tab: power actions with confirmation and progress, and deleting the server. */
@Component({
  selector: 'app-server-manage',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
  ],
  template: `
    @if (store.server(); as server) {
      <mat-card appearance="outlined">
        <mat-card-content>
          <h2>Power</h2>
          <p class="lead">{{ store.statusLook()?.description }}</p>
          @if (store.progressLabel(); as label) {
            <div class="progress" role="status" data-testid="manage-progress">
              <span>{{ label }}… The buttons unlock when it is done.</span>
              <mat-progress-bar mode="indeterminate" />
            </div>
          }
          <div class="actions">
            <button
              mat-flat-button
              type="button"
              data-testid="action-start"
              [disabled]="!store.canStart()"
              (click)="startServer()"
            >
              <mat-icon svgIcon="play" />
              Start
            </button>
            <button
              mat-stroked-button
              type="button"
              data-testid="action-restart"
              [disabled]="!store.canRestart()"
              (click)="restartServer()"
            >
              <mat-icon svgIcon="restart" />
              Restart
            </button>
            <button
              mat-stroked-button
              type="button"
              data-testid="action-stop"
              [disabled]="!store.canStop()"
              (click)="stopServer()"
            >
              <mat-icon svgIcon="stop" />
              Stop
            </button>
          </div>
          @if (server.status === 'suspended') {
            <p class="note" role="note">
              <mat-icon svgIcon="warning" aria-hidden="true" />
              This server was suspended because the balance ran out; it resumes after a top-up.
            </p>
          }
        </mat-card-content>
      </mat-card>

      <mat-card appearance="outlined" class="danger-card">
        <mat-card-content>
          <h2>Delete server</h2>
          <p class="lead">
            Deletes the container, its disk and all snapshots. This cannot be undone.
          </p>
          <div class="actions">
            <button
              mat-flat-button
              type="button"
              class="danger-button"
              data-testid="action-delete"
              [disabled]="!store.canDelete()"
              (click)="deleteServer()"
            >
              <mat-icon svgIcon="delete" />
              Delete server
            </button>
          </div>
        </mat-card-content>
      </mat-card>
    }
  `,
  styleUrl: '../tab-page.scss',
  styles: `
    .progress {
      display: flex;
      flex-direction: column;
      gap: 6px;
      margin-bottom: 16px;
      font: var(--mat-sys-body-medium);
    }
    .note {
      margin: 16px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerManage {
  protected readonly store = inject(ServerStore);
  private readonly confirmation = inject(Confirmation);

  protected async startServer(): Promise<void> {
    const answer = await this.ask({
      title: `Start ${this.hostname()}?`,
      message: 'The server boots and starts its services.',
      confirmLabel: 'Start',
    });
    if (answer) await this.store.start();
  }

  protected async restartServer(): Promise<void> {
    const answer = await this.ask({
      title: `Restart ${this.hostname()}?`,
      message: 'The server reboots. Connections drop for a moment.',
      confirmLabel: 'Restart',
    });
    if (answer) await this.store.restart();
  }

  protected async stopServer(): Promise<void> {
    const answer = await this.ask({
      title: `Stop ${this.hostname()}?`,
      message:
        'The server shuts down gracefully. Its services go offline; a stopped server is still billed.',
      confirmLabel: 'Stop',
      option: {
        label: 'Force stop',
        hint: 'Cut the power at once, like pulling the plug. Unsaved data may be lost.',
      },
    });
    if (answer) await this.store.stop(answer.option);
  }

  protected async deleteServer(): Promise<void> {
    const hostname = this.hostname();
    const answer = await this.ask({
      title: `Delete ${hostname}?`,
      message: 'The container, its disk and all its snapshots are deleted for good.',
      confirmLabel: 'Delete server',
      isDanger: true,
      typedConfirmation: hostname,
    });
    if (answer) await this.store.deleteServer();
  }

  private hostname(): string {
    return this.store.server()?.hostname ?? 'the server';
  }

  private ask(data: ConfirmDialogData): Promise<ConfirmDialogResult | null> {
    return firstValueFrom(this.confirmation.ask(data));
  }
}
