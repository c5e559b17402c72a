import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';

import { aUser, storeTokens } from '../../../../../testing/auth-fixtures';
import { aServer } from '../../../../../testing/server-fixtures';
import { FakeSocketFactory, provideFakeSocket } from '../../../../../testing/socket-fixtures';
import { SessionStore } from '../../../../core/auth/session-store';
import { Toast } from '../../../../core/errors/toast';
import { provideAppIcons } from '../../../../core/icons/app-icons';
import { ServerStore } from '../../data/server-store';
import { ServerStats } from './stats';
import { historySeries, timeTick } from './stats-chart';

const STATS_EVENT = {
  serverId: 4,
  cpu: 42,
  memUsedBytes: 512 * 1024 * 1024,
  memTotalBytes: 1024 * 1024 * 1024,
  diskUsedBytes: 1024 ** 3,
  diskTotalBytes: 10 * 1024 ** 3,
  netInBytes: 0,
  netOutBytes: 0,
  uptimeSeconds: 60,
  at: '2026-03-01T10:00:05.000Z',
};

describe('historySeries', () => {
  it('turns samples into CPU and memory percentages', () => {
    const series = historySeries(
      [
        {
          at: '2026-03-01T10:00:00.000Z',
          cpuPercent: 12.5,
          cpuMaxPercent: null,
          memUsedBytes: 256 * 1024 * 1024,
          memMaxBytes: null,
          diskUsedBytes: 0,
          netInBytes: 0,
          netOutBytes: 0,
        },
      ],
      1024,
    );

    expect(series.map((line) => line.name)).toEqual(['CPU %', 'Memory %']);
    expect(series[0]?.series[0]?.value).toBe(12.5);
    expect(series[1]?.series[0]?.value).toBe(25);
  });
});

describe('timeTick', () => {
  const at = new Date(2026, 2, 1, 9, 5, 0, 190);

  it('labels the hour and day ranges with the time of day, longer ones with the date', () => {
    expect(timeTick(at, '1h', 'en-GB')).toBe('09:05');
    expect(timeTick(at, '24h', 'en-GB')).toBe('09:05');
    expect(timeTick(at, '7d', 'en-US')).toBe('Mar 1');
    expect(timeTick('not a date', '30d', 'en-US')).toBe('');
  });
});

describe('ServerStats', () => {
  let fixture: ComponentFixture<ServerStats>;
  let httpMock: HttpTestingController;
  let sockets: FakeSocketFactory;

  beforeEach(async () => {
    localStorage.clear();
    sockets = new FakeSocketFactory();
    TestBed.configureTestingModule({
      imports: [ServerStats],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideAppIcons(),
        provideNoopAnimations(),
        provideFakeSocket(sockets),
        ServerStore,
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    storeTokens('1');
    TestBed.inject(SessionStore).updateUser(aUser());
    TestBed.inject(ServerStore).load(4);
    httpMock.expectOne('/api/server/4').flush(aServer());
    fixture = TestBed.createComponent(ServerStats);
    await fixture.whenStable();
  });

  afterEach(() => {
    fixture.destroy();
    httpMock.verify();
  });

  function query(testId: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
  }

  it('subscribes to the server, updates the cards from the socket and unsubscribes on leave', async () => {
    httpMock.expectOne('/api/server/4/status').flush({
      serverId: 4,
      status: 'running',
      isStale: false,
      metrics: aServer().metrics,
    });
    httpMock.expectOne('/api/server/4/alerts').flush([]);
    httpMock.expectOne('/api/server/4/stats/history?range=1h').flush({
      serverId: 4,
      range: '1h',
      granularity: 'raw',
      points: [],
    });
    const socket = sockets.latest;
    socket?.acceptConnection();
    await fixture.whenStable();

    expect(socket?.emitted.some((item) => item.event === 'subscribe-server')).toBe(true);
    expect(query('socket-connected')).not.toBeNull();
    expect(query('stats-history-empty')).not.toBeNull();

    socket?.serverSends('server-stats', STATS_EVENT);
    await fixture.whenStable();

    expect(query('stat-cpu')?.textContent).toContain('42 %');
    expect(query('stat-memory')?.textContent).toContain('50 %');
    expect(query('stats-chart')).not.toBeNull();

    fixture.destroy();
    expect(socket?.emitted.some((item) => item.event === 'unsubscribe-server')).toBe(true);
  });

  it('shows an error when the history cannot be loaded', async () => {
    httpMock.expectOne('/api/server/4/status').flush({
      serverId: 4,
      status: 'running',
      isStale: false,
      metrics: aServer().metrics,
    });
    httpMock.expectOne('/api/server/4/alerts').flush([]);
    httpMock
      .expectOne('/api/server/4/stats/history?range=1h')
      .flush({ statusCode: 503, message: 'Database down' }, { status: 503, statusText: 'Error' });
    await fixture.whenStable();

    expect(query('stats-history-error')?.textContent).toContain('Database down');
  });

  it('lists active alerts from the socket and toasts the first one', async () => {
    httpMock.expectOne('/api/server/4/status').flush({
      serverId: 4,
      status: 'running',
      isStale: false,
      metrics: aServer().metrics,
    });
    httpMock.expectOne('/api/server/4/alerts').flush([]);
    httpMock.expectOne('/api/server/4/stats/history?range=1h').flush({
      serverId: 4,
      range: '1h',
      granularity: 'raw',
      points: [],
    });
    const toast = TestBed.inject(Toast);
    const showError = jest.spyOn(toast, 'showError').mockImplementation(() => undefined);
    const showInfo = jest.spyOn(toast, 'showInfo').mockImplementation(() => undefined);
    const socket = sockets.latest;
    socket?.acceptConnection();
    await fixture.whenStable();
    expect(query('stats-alerts-none')).not.toBeNull();

    const alert = {
      serverId: 4,
      resource: 'memory',
      value: 93.6,
      threshold: 90,
      state: 'firing',
      at: '2026-03-01T10:00:05.000Z',
      since: '2026-03-01T10:00:05.000Z',
    };
    socket?.serverSends('server-alerts', alert);
    socket?.serverSends('server-alerts', { ...alert, value: 95 });
    // Another server's alert is not this page's business.
    socket?.serverSends('server-alerts', { ...alert, serverId: 5, resource: 'cpu' });
    await fixture.whenStable();

    expect(query('stats-alert-memory')?.textContent).toContain('Memory 95 %');
    expect(query('stats-alert-cpu')).toBeNull();
    expect(showError).toHaveBeenCalledTimes(1);
    expect(showError.mock.calls[0]?.[0]).toContain(
      'Memory at 94 %, above the 90 % alert threshold',
    );

    socket?.serverSends('server-alerts', { ...alert, value: 60, state: 'recovered' });
    await fixture.whenStable();
    expect(query('stats-alert-memory')).toBeNull();
    expect(query('stats-alerts-none')).not.toBeNull();
    expect(showInfo.mock.calls[0]?.[0]).toContain('Memory is back below 90 %');
  });

  it('shows the alerts already firing when the tab opens, without a toast, then follows events', async () => {
    const toast = TestBed.inject(Toast);
    const showError = jest.spyOn(toast, 'showError').mockImplementation(() => undefined);
    const showInfo = jest.spyOn(toast, 'showInfo').mockImplementation(() => undefined);
    httpMock.expectOne('/api/server/4/status').flush({
      serverId: 4,
      status: 'running',
      isStale: false,
      metrics: aServer().metrics,
    });
    httpMock.expectOne('/api/server/4/stats/history?range=1h').flush({
      serverId: 4,
      range: '1h',
      granularity: 'raw',
      points: [],
    });
    const socket = sockets.latest;
    socket?.acceptConnection();
    await fixture.whenStable();
    const firing = {
      serverId: 4,
      value: 97.2,
      threshold: 90,
      state: 'firing',
      at: '2026-03-01T09:40:00.000Z',
      since: '2026-03-01T09:30:00.000Z',
    };
    // Disk recovers while the request is out: the late answer must not bring it back.
    socket?.serverSends('server-alerts', {
      ...firing,
      resource: 'disk',
      value: 40,
      state: 'recovered',
      at: '2026-03-01T10:00:05.000Z',
    });
    httpMock.expectOne('/api/server/4/alerts').flush([
      { ...firing, resource: 'cpu' },
      { ...firing, resource: 'disk', value: 99 },
    ]);
    await fixture.whenStable();

    expect(query('stats-alert-cpu')?.textContent).toContain('CPU 97 %');
    expect(query('stats-alert-disk')).toBeNull();
    expect(query('stats-alerts-none')).toBeNull();
    expect(showError).not.toHaveBeenCalled();

    // The next sweep repeats it: the value follows, no toast; its recovery is announced.
    socket?.serverSends('server-alerts', { ...firing, resource: 'cpu', value: 93 });
    await fixture.whenStable();
    expect(query('stats-alert-cpu')?.textContent).toContain('CPU 93 %');
    expect(showError).not.toHaveBeenCalled();
    socket?.serverSends('server-alerts', {
      ...firing,
      resource: 'cpu',
      value: 20,
      state: 'recovered',
    });
    await fixture.whenStable();
    expect(query('stats-alerts-none')).not.toBeNull();
    expect(showInfo.mock.calls[0]?.[0]).toContain('CPU is back below 90 %');
  });
});
