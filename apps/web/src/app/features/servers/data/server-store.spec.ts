import { SERVER_STATUSES, type ServerStatus } from '@hostdeck/contracts';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { anErrorBody } from '../../../../testing/auth-fixtures';
import { aServer, anOperation } from '../../../../testing/server-fixtures';
import { Toast } from '../../../core/errors/toast';
import { SERVER_STATUS_LOOKS, serverStatusLook } from '../../../shared/status-badge/server-status';
import { ServerStore } from './server-store';

describe('ServerStore', () => {
  let sut: ServerStore;
  let httpMock: HttpTestingController;
  let toast: { showError: jest.Mock; showInfo: jest.Mock };
  let router: Router;

  beforeEach(() => {
    jest.useFakeTimers();
    toast = { showError: jest.fn(), showInfo: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        ServerStore,
        { provide: Toast, useValue: toast },
      ],
    });
    sut = TestBed.inject(ServerStore);
    httpMock = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => {
    httpMock.verify();
    jest.useRealTimers();
  });

  /** Lets firstValueFrom's promise settle after a flush. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  function loadRunning(overrides: Parameters<typeof aServer>[0] = {}): void {
    sut.load(4);
    httpMock.expectOne('/api/server/4').flush(aServer(overrides));
  }

  it('loads the server and does not poll while it is idle', () => {
    loadRunning();

    expect(sut.loadState()).toBe('ready');
    expect(sut.server()?.hostname).toBe('web1');
    jest.advanceTimersByTime(10_000);
    httpMock.expectNone('/api/server/4');
  });

  it('polls every second while an operation runs and stops when it ends', async () => {
    loadRunning();

    const stopped = sut.stop(true);
    const request = httpMock.expectOne('/api/server/4/stop?force=true');
    expect(request.request.method).toBe('POST');
    request.flush({
      server: aServer({ activeOperation: anOperation('stop') }),
      operation: anOperation('stop'),
    });
    await stopped;

    expect(sut.isBusy()).toBe(true);
    expect(sut.progressLabel()).toBe('Stopping');
    expect(sut.canStart()).toBe(false);
    expect(sut.canStop()).toBe(false);

    // Still running the operation after the first second…
    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock
      .expectOne('/api/server/4')
      .flush(aServer({ activeOperation: anOperation('stop', { state: 'running' }) }));
    // …done after the second.
    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer({ status: 'stopped' }));

    expect(sut.isBusy()).toBe(false);
    expect(sut.canStart()).toBe(true);
    expect(toast.showInfo).toHaveBeenCalledWith('Server stopped');
    expect(sut.operationsFinished()).toBe(1);

    // No more requests once the operation ended.
    jest.advanceTimersByTime(30_000);
    httpMock.expectNone('/api/server/4');
  });

  it('follows the operation the answer names even when its server does not list it yet', async () => {
    loadRunning();

    const stopped = sut.stop();
    httpMock.expectOne('/api/server/4/stop').flush({
      server: aServer({ status: 'running', activeOperation: null }),
      operation: anOperation('stop', { state: 'pending' }),
    });
    await stopped;

    expect(sut.isBusy()).toBe(true);
    expect(toast.showError).not.toHaveBeenCalled();
    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer({ status: 'stopped' }));
    expect(toast.showInfo).toHaveBeenCalledWith('Server stopped');
  });

  it('says so when an operation ends in another state than expected', async () => {
    loadRunning({ status: 'stopped' });

    const started = sut.start();
    httpMock.expectOne('/api/server/4/start').flush({
      server: aServer({ status: 'stopped', activeOperation: anOperation('start') }),
      operation: anOperation('start'),
    });
    await started;
    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer({ status: 'stopped' }));

    expect(toast.showError).toHaveBeenCalledWith(
      'The start did not finish: the server is stopped.',
    );
    expect(toast.showInfo).not.toHaveBeenCalled();
  });

  it('keeps polling through a failed poll and shows the connection problem', async () => {
    loadRunning();
    const restarted = sut.restart();
    httpMock.expectOne('/api/server/4/restart').flush({
      server: aServer({ activeOperation: anOperation('restart') }),
      operation: anOperation('restart'),
    });
    await restarted;

    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').error(new ProgressEvent('error'), { status: 0 });
    expect(sut.connectionProblem()).toContain('Cannot reach the Hostdeck server');
    expect(sut.server()?.activeOperation?.type).toBe('restart');

    jest.advanceTimersByTime(ServerStore.retryIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer());
    expect(sut.connectionProblem()).toBeNull();
    expect(toast.showInfo).toHaveBeenCalledWith('Server restarted');
  });

  it('shows a refused action as a toast and reloads the server', async () => {
    loadRunning();

    const restarted = sut.restart();
    httpMock
      .expectOne('/api/server/4/restart')
      .flush(anErrorBody(409, 'Conflict', 'Cannot restart a server that is stopped'), {
        status: 409,
        statusText: 'Conflict',
      });
    await expect(restarted).resolves.toBeNull();
    await settle();

    expect(toast.showError).toHaveBeenCalledWith('Cannot restart a server that is stopped');
    httpMock.expectOne('/api/server/4').flush(aServer({ status: 'stopped' }));
    expect(sut.status()).toBe('stopped');
  });

  it('refuses a second action while one is being sent', async () => {
    loadRunning();

    const first = sut.restart();
    await expect(sut.stop()).resolves.toBeNull();
    httpMock.expectOne('/api/server/4/restart').flush({
      server: aServer({ activeOperation: anOperation('restart') }),
      operation: anOperation('restart'),
    });
    await first;
    httpMock.expectNone('/api/server/4/stop');
  });

  it('goes back to the dashboard once a deleted server is gone', async () => {
    loadRunning();

    const deleted = sut.deleteServer();
    const request = httpMock.expectOne('/api/server/4');
    expect(request.request.method).toBe('DELETE');
    request.flush({
      server: aServer({ status: 'deleting', activeOperation: anOperation('delete') }),
      operation: anOperation('delete'),
    });
    await deleted;

    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock
      .expectOne('/api/server/4')
      .flush(anErrorBody(404, 'Not Found', 'Server 4 not found'), {
        status: 404,
        statusText: 'Not Found',
      });

    expect(sut.loadState()).toBe('not-found');
    expect(toast.showInfo).toHaveBeenCalledWith('web1 was deleted');
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('reports an unknown server as not found and a failed load as an error', () => {
    sut.load(99);
    httpMock
      .expectOne('/api/server/99')
      .flush(anErrorBody(404, 'Not Found', 'Server 99 not found'), {
        status: 404,
        statusText: 'Not Found',
      });
    expect(sut.loadState()).toBe('not-found');
    expect(router.navigateByUrl).not.toHaveBeenCalled();

    sut.load(5);
    httpMock
      .expectOne('/api/server/5')
      .flush(anErrorBody(503, 'Service Unavailable', 'The Proxmox cluster is unreachable'), {
        status: 503,
        statusText: 'Service Unavailable',
      });
    expect(sut.loadState()).toBe('error');
    expect(sut.loadError()).toBe('The Proxmox cluster is unreachable');
  });

  it('follows a server that is being created until it is ready', () => {
    sut.follow(aServer({ status: 'creating', ipAddress: null, activeOperation: anOperation('create') }));
    expect(sut.isBusy()).toBe(true);
    expect(sut.progressLabel()).toBe('Creating the server');

    jest.advanceTimersByTime(ServerStore.pollIntervalMs);
    httpMock.expectOne('/api/server/4').flush(aServer());

    expect(sut.status()).toBe('running');
    expect(sut.isBusy()).toBe(false);
    // Not an action of this store: the page says it, not a toast.
    expect(toast.showInfo).not.toHaveBeenCalled();
    jest.advanceTimersByTime(5_000);
    httpMock.expectNone('/api/server/4');
  });

  it('stops polling when the page goes away', async () => {
    loadRunning();
    const started = sut.restart();
    httpMock.expectOne('/api/server/4/restart').flush({
      server: aServer({ activeOperation: anOperation('restart') }),
      operation: anOperation('restart'),
    });
    await started;

    TestBed.resetTestingModule();
    jest.advanceTimersByTime(10_000);
    httpMock.expectNone('/api/server/4');
  });

  describe('status mapping', () => {
    const allowed: Record<ServerStatus, string[]> = {
      creating: [],
      running: ['stop', 'restart', 'manage', 'password', 'delete'],
      stopped: ['start', 'manage', 'delete'],
      suspended: ['delete'],
      error: ['delete'],
      deleting: [],
      unknown: ['start', 'stop', 'delete'],
    };

    it.each(SERVER_STATUSES)('%s enables exactly the right actions', (status) => {
      // Idle: no operation, even for the transitional statuses, to test the status alone.
      sut.follow(aServer({ status, activeOperation: null }));
      const enabled = [
        ['start', sut.canStart()],
        ['stop', sut.canStop()],
        ['restart', sut.canRestart()],
        ['manage', sut.canManage()],
        ['password', sut.canResetPassword()],
        ['delete', sut.canDelete()],
      ]
        .filter(([, isEnabled]) => isEnabled)
        .map(([name]) => name);

      expect(enabled).toEqual(allowed[status]);
      // Transitional statuses poll by themselves.
      if (serverStatusLook(status).isTransitional) {
        jest.advanceTimersByTime(ServerStore.pollIntervalMs);
        httpMock.expectOne('/api/server/4').flush(aServer({ status: 'running' }));
      }
    });

    it('gives every status a label and a colour', () => {
      expect(
        Object.fromEntries(
          SERVER_STATUSES.map((status) => [
            status,
            `${SERVER_STATUS_LOOKS[status].label}/${SERVER_STATUS_LOOKS[status].tone}`,
          ]),
        ),
      ).toEqual({
        creating: 'Creating/progress',
        running: 'Running/success',
        stopped: 'Stopped/neutral',
        suspended: 'Suspended/warning',
        error: 'Error/danger',
        deleting: 'Deleting/progress',
        unknown: 'Unknown/warning',
      });
    });

    it('disables every action while an operation runs', () => {
      sut.follow(aServer({ status: 'running', activeOperation: anOperation('snapshot-create') }));

      expect(sut.progressLabel()).toBe('Taking a snapshot');
      expect([
        sut.canStart(),
        sut.canStop(),
        sut.canRestart(),
        sut.canManage(),
        sut.canResetPassword(),
        sut.canDelete(),
      ]).toEqual([false, false, false, false, false, false]);
      jest.advanceTimersByTime(ServerStore.pollIntervalMs);
      httpMock.expectOne('/api/server/4').flush(aServer());
    });
  });
});
