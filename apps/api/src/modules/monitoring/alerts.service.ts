import type { ActiveAlert, AlertResource, ServerAlertEvent, ServerView } from '@hostdeck/contracts';
import { ALERT_RESOURCES } from '@hostdeck/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { monitoringConfig } from '../../config/configuration';
import { NotificationsService } from '../notifications/notifications.service';
import { EventsGateway } from '../realtime/events.gateway';
import { AlertState } from './entities/alert-state.entity';
import type { SweepSample } from './metrics-store';

/** In-process event for mail: an owner must be told about an alert or its recovery. */
export const SERVER_ALERT_NOTICE = 'server.alert-notice';

export interface ServerAlertNoticeEvent extends ServerAlertEvent {
  ownerId: number;
  hostname: string;
}

export interface AlertSubject extends SweepSample {
  ownerId: number;
  hostname: string;
}

const LABEL: Record<AlertResource, string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk' };

export function percentUsed(sample: SweepSample, resource: AlertResource): number {
  if (resource === 'cpu') return sample.cpuPercent;
  // Called three times per server per sweep: no pairs allocated.
  const isMemory = resource === 'memory';
  const used = isMemory ? sample.memUsedBytes : sample.diskUsedBytes;
  const total = isMemory ? sample.memTotalBytes : sample.diskTotalBytes;
  return total > 0 ? Math.round((used / total) * 10000) / 100 : 0;
}

/**
 * Resource alerts: `server-alerts` to the server's room on every sweep above a threshold, and a
 * notification (and mail) to the owner once per resource per cooldown, plus one when it recovers
 * (below the threshold minus the hysteresis), so a busy server never floods anyone.
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
    @InjectRepository(AlertState) private readonly states: Repository<AlertState>,
    private readonly gateway: EventsGateway,
    private readonly notifications: NotificationsService,
    private readonly events: EventEmitter2,
  ) {}

  async evaluate(subjects: AlertSubject[], now: Date): Promise<void> {
    const candidates = subjects.filter((subject) =>
      ALERT_RESOURCES.some(
        (resource) =>
          percentUsed(subject, resource) >
          this.config.thresholds[resource] - this.config.hysteresisPercent,
      ),
    );
    const firing = await this.states.find({ where: { isFiring: true } });
    const ids = [
      ...new Set([
        ...candidates.map((subject) => subject.serverId),
        ...firing.map((state) => state.serverId),
      ]),
    ];
    if (ids.length === 0) return;
    const known = ids.length > 0 ? await this.states.find({ where: { serverId: In(ids) } }) : [];
    const stateOf = new Map(known.map((state) => [`${state.serverId}:${state.resource}`, state]));
    const byId = new Map(subjects.map((subject) => [subject.serverId, subject]));

    for (const serverId of ids) {
      const subject = byId.get(serverId);
      if (!subject) continue;
      for (const resource of ALERT_RESOURCES) {
        const value = percentUsed(subject, resource);
        const threshold = this.config.thresholds[resource];
        const state =
          stateOf.get(`${serverId}:${resource}`) ??
          this.states.create({
            serverId,
            resource,
            isFiring: false,
            lastNotifiedAt: null,
            firingSince: null,
          });
        const since = state.isFiring ? (state.firingSince ?? state.lastNotifiedAt ?? now) : now;
        const event: ServerAlertEvent = {
          serverId,
          resource,
          value,
          threshold,
          state: 'firing',
          at: now.toISOString(),
          since: since.toISOString(),
        };
        if (value > threshold) {
          this.gateway.sendAlert(event);
          const coolingDown =
            state.lastNotifiedAt &&
            now.getTime() - state.lastNotifiedAt.getTime() < this.config.cooldownMs;
          if (state.isFiring && coolingDown) continue;
          state.isFiring = true;
          state.firingSince = since;
          state.lastNotifiedAt = now;
          await this.states.save(state);
          await this.tell(subject, event);
        } else if (state.isFiring && value < threshold - this.config.hysteresisPercent) {
          state.isFiring = false;
          state.firingSince = null;
          await this.states.save(state);
          const recovered: ServerAlertEvent = { ...event, state: 'recovered' };
          this.gateway.sendAlert(recovered);
          await this.tell(subject, recovered);
        }
      }
    }
  }

  /**
   * The alerts firing now on a server, in resource order, with the percent of its latest sample
   * (the Stats tab shows them at once, before the next sweep repeats them).
   */
  async listFiring(server: ServerView): Promise<ActiveAlert[]> {
    const states = await this.states.find({ where: { serverId: server.id, isFiring: true } });
    const { metrics } = server;
    const sample: SweepSample = {
      serverId: server.id,
      cpuPercent: metrics.cpuPercent ?? 0,
      memUsedBytes: metrics.memUsedBytes ?? 0,
      memTotalBytes: metrics.memTotalBytes ?? 0,
      diskUsedBytes: metrics.diskUsedBytes ?? 0,
      diskTotalBytes: metrics.diskTotalBytes ?? 0,
      netInBytes: 0,
      netOutBytes: 0,
      uptimeSeconds: 0,
    };
    return ALERT_RESOURCES.flatMap((resource) => {
      const state = states.find((candidate) => candidate.resource === resource);
      if (!state) return [];
      const alert: ActiveAlert = {
        serverId: server.id,
        resource,
        value: percentUsed(sample, resource),
        threshold: this.config.thresholds[resource],
        state: 'firing',
        at: (state.lastNotifiedAt ?? new Date()).toISOString(),
        since: (state.firingSince ?? state.lastNotifiedAt ?? new Date()).toISOString(),
      };
      return [alert];
    });
  }

  private async tell(subject: AlertSubject, event: ServerAlertEvent): Promise<void> {
    const label = LABEL[event.resource];
    const isFiring = event.state === 'firing';
    await this.notifications.notify({
      userId: subject.ownerId,
      kind: 'resource',
      title: isFiring
        ? `${label} above ${event.threshold}% on ${subject.hostname}`
        : `${label} back to normal on ${subject.hostname}`,
      body: isFiring
        ? `${label} usage of ${subject.hostname} is ${event.value.toFixed(1)}%, above the ${event.threshold}% threshold.`
        : `${label} usage of ${subject.hostname} is down to ${event.value.toFixed(1)}%.`,
      link: `/servers/${subject.serverId}/stats`,
    });
    const notice: ServerAlertNoticeEvent = {
      ...event,
      ownerId: subject.ownerId,
      hostname: subject.hostname,
    };
    this.events.emit(SERVER_ALERT_NOTICE, notice);
  }
}
