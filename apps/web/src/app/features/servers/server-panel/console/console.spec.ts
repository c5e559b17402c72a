import type RFB from '@novnc/novnc';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { anErrorBody } from '../../../../../testing/auth-fixtures';
import FakeRfb from '../../../../../testing/novnc.mock';
import { aServer } from '../../../../../testing/server-fixtures';
import { Toast } from '../../../../core/errors/toast';
import { provideAppIcons } from '../../../../core/icons/app-icons';
import { ServerStore } from '../../data/server-store';
import { ServerConsole } from './console';
import { RFB_FACTORY, consoleWebSocketUrl } from './rfb-factory';

describe('ServerConsole', () => {
  let fixture: ComponentFixture<ServerConsole>;
  let httpMock: HttpTestingController;
  let clients: FakeRfb[];

  async function open(status: 'running' | 'stopped' = 'running'): Promise<void> {
    clients = [];
    TestBed.configureTestingModule({
      imports: [ServerConsole],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        ServerStore,
        { provide: Toast, useValue: { showError: jest.fn(), showInfo: jest.fn() } },
        {
          provide: RFB_FACTORY,
          useValue: (target: HTMLElement, url: string, options?: unknown) => {
            const client = new FakeRfb(target, url, options);
            clients.push(client);
            return client as unknown as RFB;
          },
        },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    TestBed.inject(ServerStore).follow(aServer({ status }));
    fixture = TestBed.createComponent(ServerConsole);
    await fixture.whenStable();
  }

  afterEach(() => httpMock.verify());

  function text(testId: string): string {
    const element = (fixture.nativeElement as HTMLElement).querySelector(
      `[data-testid="${testId}"]`,
    );
    return element?.textContent?.trim() ?? '';
  }

  async function answerSession(url = '/api/server/console/ws?token=abc'): Promise<void> {
    const request = httpMock.expectOne('/api/server/console');
    expect(request.request.body).toEqual({ serverId: 4 });
    request.flush({ url, expiresAt: '2026-02-01T10:01:00.000Z', vncPassword: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  it('opens a session after rendering and connects noVNC to its WebSocket', async () => {
    await open();
    expect(text('console-state')).toBe('Opening a session…');

    await answerSession();

    expect(clients).toHaveLength(1);
    const [client] = clients;
    expect(client.url).toBe(`ws://${location.host}/api/server/console/ws?token=abc`);
    expect(client.target.getAttribute('data-testid')).toBe('console-screen');
    expect(client.scaleViewport).toBe(true);
    expect(text('console-state')).toBe('Connecting…');

    client.dispatchEvent(new CustomEvent('connect'));
    await fixture.whenStable();
    expect(text('console-state')).toBe('Connected');
  });

  it('shows a dropped connection and opens a new session on reconnect', async () => {
    await open();
    await answerSession();
    clients[0].dispatchEvent(new CustomEvent('connect'));
    clients[0].dispatchEvent(new CustomEvent('disconnect', { detail: { clean: false } }));
    await fixture.whenStable();
    expect(text('console-state')).toBe('Could not connect');
    expect(text('console-message')).toContain('The connection dropped');

    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="console-reconnect"]')
      ?.click();
    await answerSession('/api/server/console/ws?token=second');

    expect(clients).toHaveLength(2);
    expect(clients[1].url).toContain('token=second');
    // The dropped client was not disconnected a second time.
    expect(clients[0].disconnect).not.toHaveBeenCalled();
  });

  it('disconnects when the tab closes', async () => {
    await open();
    await answerSession();
    clients[0].dispatchEvent(new CustomEvent('connect'));

    fixture.destroy();

    expect(clients[0].disconnect).toHaveBeenCalledTimes(1);
  });

  it('does not connect to a stopped server', async () => {
    await open('stopped');

    httpMock.expectNone('/api/server/console');
    expect(text('console-unavailable')).toContain('works while the server is running');
    expect(text('console-state')).toBe('Not connected');
  });

  it('shows why a session was refused', async () => {
    await open();
    httpMock
      .expectOne('/api/server/console')
      .flush(anErrorBody(409, 'Conflict', 'The console is available while the server is running'), {
        status: 409,
        statusText: 'Conflict',
      });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();

    expect(text('console-state')).toBe('Could not connect');
    expect(text('console-message')).toBe('The console is available while the server is running');
    expect(clients).toHaveLength(0);
  });
});

describe('consoleWebSocketUrl', () => {
  it('uses wss on https and keeps the host and port', () => {
    expect(
      consoleWebSocketUrl('/api/server/console/ws?token=t', {
        protocol: 'https:',
        host: 'panel.example.com:8443',
      }),
    ).toBe('wss://panel.example.com:8443/api/server/console/ws?token=t');
    expect(consoleWebSocketUrl('/x', { protocol: 'http:', host: 'localhost:4200' })).toBe(
      'ws://localhost:4200/x',
    );
  });
});
