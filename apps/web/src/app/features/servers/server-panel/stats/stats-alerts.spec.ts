import type { ServerAlertEvent } from '@hostdeck/contracts';

import { applyAlert, mergeLoadedAlerts } from './stats-alerts';

function anAlert(overrides: Partial<ServerAlertEvent> = {}): ServerAlertEvent {
  return {
    serverId: 4,
    resource: 'cpu',
    value: 95.2,
    threshold: 90,
    state: 'firing',
    at: '2026-03-01T10:00:00.000Z',
    since: '2026-03-01T09:59:30.000Z',
    ...overrides,
  };
}

describe('applyAlert', () => {
  it('announces the first firing alert of a resource only', () => {
    const first = applyAlert([], anAlert());
    expect(first.alerts).toHaveLength(1);
    expect(first.announcement).toEqual({
      text: 'CPU at 95 %, above the 90 % alert threshold.',
      isFiring: true,
    });

    const repeat = applyAlert(first.alerts, anAlert({ value: 97, at: '2026-03-01T10:00:30.000Z' }));
    expect(repeat.announcement).toBeNull();
    // The latest value, and still the time it started.
    expect(repeat.alerts[0]).toMatchObject({ value: 97, since: '2026-03-01T09:59:30.000Z' });
  });

  it('keeps one alert per resource in CPU, memory, disk order', () => {
    let alerts = applyAlert([], anAlert({ resource: 'disk', value: 99 })).alerts;
    alerts = applyAlert(alerts, anAlert({ resource: 'cpu' })).alerts;
    alerts = applyAlert(alerts, anAlert({ resource: 'memory', value: 92 })).alerts;
    expect(alerts.map((alert) => alert.resource)).toEqual(['cpu', 'memory', 'disk']);
  });

  it('removes a recovered alert and announces the recovery once', () => {
    const firing = applyAlert([], anAlert({ resource: 'memory' })).alerts;
    const recovered = applyAlert(
      firing,
      anAlert({ resource: 'memory', value: 70.4, state: 'recovered' }),
    );
    expect(recovered.alerts).toEqual([]);
    expect(recovered.announcement).toEqual({
      text: 'Memory is back below 90 % (70 %).',
      isFiring: false,
    });
    expect(applyAlert([], anAlert({ state: 'recovered' })).announcement).toBeNull();
  });
});

describe('mergeLoadedAlerts', () => {
  it('adds the firing alerts the API lists, in resource order', () => {
    const merged = mergeLoadedAlerts(
      [anAlert({ resource: 'disk', value: 99 }), anAlert({ resource: 'cpu' })],
      [],
      new Set(),
    );
    expect(merged.map((alert) => alert.resource)).toEqual(['cpu', 'disk']);
  });

  it('keeps what events said about a resource since the request went out', () => {
    const fromEvent = anAlert({ resource: 'memory', value: 96, at: '2026-03-01T10:00:30.000Z' });
    const merged = mergeLoadedAlerts(
      [
        anAlert({ resource: 'memory', value: 91 }),
        // Recovered by an event while the request was out: stays gone.
        anAlert({ resource: 'cpu' }),
      ],
      [fromEvent],
      new Set(['memory', 'cpu'] as const),
    );
    expect(merged).toEqual([fromEvent]);
  });
});
