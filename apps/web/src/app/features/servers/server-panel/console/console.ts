import type RFB from '@novnc/novnc';
import type { RfbEventMap } from '@novnc/novnc';
import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { firstValueFrom } from 'rxjs';

import { errorMessage } from '../../../../core/errors/api-error';
import { ServerStore } from '../../data/server-store';
import { ServersApi } from '../../data/servers-api';
import { RFB_FACTORY, consoleWebSocketUrl } from './rfb-factory';

export type ConsoleState =
  'idle' | 'requesting' | 'connecting' | 'connected' | 'disconnected' | 'failed';

const STATE_LABELS: Record<ConsoleState, string> = {
  idle: 'Not connected',
  requesting: 'Opening a session…',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
  failed: 'Could not connect',
};

/**
 * Console tab: noVNC in the page, against the short-lived single-use session our API opens (the
 * API proxies the VNC socket; the browser never talks to Proxmox). Connects after the first
 * render, disconnects when the tab closes.
 */
@Component({
  selector: 'app-server-console',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <div class="toolbar">
      <span
        class="console-state"
        role="status"
        data-testid="console-state"
        [attr.data-state]="state()"
        [class.connected]="state() === 'connected'"
        [class.bad]="state() === 'failed' || state() === 'disconnected'"
      >
        {{ stateLabel() }}
      </span>
      @if (message(); as text) {
        <span class="message" data-testid="console-message">{{ text }}</span>
      }
      <span class="spacer"></span>
      <button
        mat-stroked-button
        type="button"
        data-testid="console-ctrl-alt-del"
        [disabled]="state() !== 'connected'"
        (click)="sendCtrlAltDel()"
      >
        Ctrl+Alt+Del
      </button>
      <button
        mat-flat-button
        type="button"
        data-testid="console-reconnect"
        [disabled]="!canConnect()"
        (click)="reconnect()"
      >
        <mat-icon svgIcon="refresh" />
        {{ state() === 'connected' ? 'Reconnect' : 'Connect' }}
      </button>
    </div>
    @if (!isRunning()) {
      <p class="note" role="note" data-testid="console-unavailable">
        <mat-icon svgIcon="info" aria-hidden="true" />
        The console works while the server is running. Start it from the Manage tab.
      </p>
    }
    <div #screen class="screen" data-testid="console-screen" aria-label="Server console"></div>
  `,
  styleUrl: '../tab-page.scss',
  styles: `
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .console-state {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 999px;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    .console-state::before {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
      content: '';
    }
    .console-state.connected {
      background: light-dark(#c8f0d0, #0f3d1c);
      color: light-dark(#0b5a24, #a6e8b5);
    }
    .console-state.bad {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .message {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .spacer {
      flex: 1 1 auto;
    }
    .screen {
      width: 100%;
      height: min(70vh, 640px);
      min-height: 280px;
      overflow: hidden;
      border-radius: 8px;
      background: #000;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerConsole {
  private readonly store = inject(ServerStore);
  private readonly api = inject(ServersApi);
  private readonly createRfb = inject(RFB_FACTORY);
  private readonly location = inject(DOCUMENT).location;
  private readonly screen = viewChild.required<ElementRef<HTMLElement>>('screen');

  protected readonly state = signal<ConsoleState>('idle');
  protected readonly message = signal<string | null>(null);
  protected readonly stateLabel = computed(() => STATE_LABELS[this.state()]);
  protected readonly isRunning = computed(() => this.store.status() === 'running');
  protected readonly canConnect = computed(
    () => this.isRunning() && this.state() !== 'requesting' && this.state() !== 'connecting',
  );

  private rfb: RFB | null = null;
  private detach: (() => void) | null = null;
  private isDestroyed = false;
  /** Bumped on every connect, so a late answer for an older attempt is ignored. */
  private attempt = 0;

  constructor() {
    afterNextRender(() => {
      if (this.isRunning()) void this.connect();
    });
    inject(DestroyRef).onDestroy(() => {
      this.isDestroyed = true;
      this.closeClient();
    });
  }

  protected reconnect(): void {
    void this.connect();
  }

  protected sendCtrlAltDel(): void {
    this.rfb?.sendCtrlAltDel();
  }

  /** Asks the API for a fresh single-use session, then points noVNC at its WebSocket. */
  private async connect(): Promise<void> {
    const serverId = this.store.server()?.id;
    if (serverId === undefined || this.isDestroyed) return;
    this.closeClient();
    const attempt = ++this.attempt;
    this.state.set('requesting');
    this.message.set(null);
    let session;
    try {
      session = await firstValueFrom(this.api.openConsole(serverId));
    } catch (error) {
      if (attempt !== this.attempt || this.isDestroyed) return;
      this.state.set('failed');
      this.message.set(errorMessage(error, 'The console session could not be opened.'));
      return;
    }
    if (attempt !== this.attempt || this.isDestroyed) return;

    const url = consoleWebSocketUrl(session.url, this.location);
    const password = session.vncPassword;
    this.state.set('connecting');
    let rfb: RFB;
    try {
      rfb = this.createRfb(this.screen().nativeElement, url, {
        shared: true,
        ...(password ? { credentials: { password } } : {}),
      });
    } catch (error) {
      this.state.set('failed');
      this.message.set(error instanceof Error ? error.message : 'The console could not start.');
      return;
    }
    rfb.scaleViewport = true;
    rfb.resizeSession = false;
    rfb.background = '#000';
    this.rfb = rfb;

    const onConnect = (): void => {
      this.state.set('connected');
      this.message.set(null);
      rfb.focus();
    };
    const onDisconnect = (event: RfbEventMap['disconnect']): void => {
      this.forget(rfb);
      this.state.set(event.detail?.clean === false ? 'failed' : 'disconnected');
      this.message.set(
        event.detail?.clean === false
          ? 'The connection dropped. Sessions are single-use: reconnect to open a new one.'
          : 'The console session ended.',
      );
    };
    const onCredentials = (): void => {
      if (password) rfb.sendCredentials({ password });
      else {
        this.message.set('The console asked for a password we do not have.');
        this.closeClient();
        this.state.set('failed');
      }
    };
    const onSecurityFailure = (event: RfbEventMap['securityfailure']): void => {
      this.message.set(event.detail?.reason || 'The console refused the session.');
    };
    rfb.addEventListener('connect', onConnect);
    rfb.addEventListener('disconnect', onDisconnect);
    rfb.addEventListener('credentialsrequired', onCredentials);
    rfb.addEventListener('securityfailure', onSecurityFailure);
    this.detach = () => {
      rfb.removeEventListener('connect', onConnect);
      rfb.removeEventListener('disconnect', onDisconnect);
      rfb.removeEventListener('credentialsrequired', onCredentials);
      rfb.removeEventListener('securityfailure', onSecurityFailure);
    };
  }

  /** Disconnects the current client, if any; its events no longer reach this tab. */
  private closeClient(): void {
    const rfb = this.rfb;
    if (!rfb) return;
    this.forget(rfb);
    try {
      rfb.disconnect();
    } catch {
      // Already closed.
    }
    if (!this.isDestroyed) this.state.set('disconnected');
  }

  private forget(rfb: RFB): void {
    if (this.rfb !== rfb) return;
    this.detach?.();
    this.detach = null;
    this.rfb = null;
  }
}
