import { ALERT_RESOURCES, type AlertResource, type ServerAlertEvent } from '@hostdeck/contracts';

export const ALERT_LABELS: Record<AlertResource, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
};

/** The alerts firing now, one per resource, in resource order. */
export type ActiveAlerts = readonly ServerAlertEvent[];

export interface AlertChange {
  readonly alerts: ActiveAlerts;
  /** What a toast should say, or null when nothing new happened (a repeat of a firing alert). */
  readonly announcement: { readonly text: string; readonly isFiring: boolean } | null;
}

/**
 * Folds one `server-alerts` event into the active alerts. The API repeats a firing alert on
 * every sweep: only the first one (and the recovery) is announced.
 */
export function applyAlert(active: ActiveAlerts, event: ServerAlertEvent): AlertChange {
  const label = ALERT_LABELS[event.resource];
  const previous = active.find((alert) => alert.resource === event.resource);
  const wasFiring = previous !== undefined;
  const others = active.filter((alert) => alert.resource !== event.resource);
  if (event.state === 'recovered') {
    return {
      alerts: others,
      announcement: wasFiring
        ? {
            text: `${label} is back below ${event.threshold} % (${Math.round(event.value)} %).`,
            isFiring: false,
          }
        : null,
    };
  }
  // The latest value; the event itself says since when it fires.
  const alerts = [...others, event].sort(
    (a, b) => ALERT_RESOURCES.indexOf(a.resource) - ALERT_RESOURCES.indexOf(b.resource),
  );
  return {
    alerts,
    announcement: wasFiring
      ? null
      : {
          text: `${label} at ${Math.round(event.value)} %, above the ${event.threshold} % alert threshold.`,
          isFiring: true,
        },
  };
}

/**
 * The alerts the API says are firing (GET /api/server/:id/alerts) folded under the ones built from
 * events: a resource that had an event since the request was sent keeps what the event said
 * (newer, and a recovery must not be undone), the others come from the API, without a toast.
 */
export function mergeLoadedAlerts(
  loaded: readonly ServerAlertEvent[],
  current: ActiveAlerts,
  changedSinceRequest: ReadonlySet<AlertResource>,
): ActiveAlerts {
  const fromApi = loaded.filter(
    (alert) =>
      alert.state === 'firing' &&
      !changedSinceRequest.has(alert.resource) &&
      !current.some((active) => active.resource === alert.resource),
  );
  return [...current, ...fromApi].sort(
    (a, b) => ALERT_RESOURCES.indexOf(a.resource) - ALERT_RESOURCES.indexOf(b.resource),
  );
}
