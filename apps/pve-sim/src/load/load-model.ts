import { unitHash } from '../core/random';
import type { ContainerRecord, CounterCheckpoint } from '../state/types';

/** Values a test can pin for a container (fractions 0..1 and byte rates per second). */
export interface LoadPin {
  cpu?: number;
  mem?: number;
  disk?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  /** epoch seconds: rrd points from then on use the pinned values */
  since: number;
}

export const PIN_KEYS = ['cpu', 'mem', 'disk', 'netin', 'netout', 'diskread', 'diskwrite'] as const;
export type PinKey = (typeof PIN_KEYS)[number];

/** A container's size, which the load is relative to. */
export interface CtCapacity {
  maxcpu: number;
  maxmem: number;
  maxdisk: number;
}

/** One observation: usage fractions turned into bytes, plus per-second rates. */
export interface LoadSample {
  cpu: number;
  mem: number;
  disk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  memhost: number;
  pressurecpusome: number;
  pressurecpufull: number;
  pressureiosome: number;
  pressureiofull: number;
  pressurememorysome: number;
  pressurememoryfull: number;
}

const RATE_KEYS = ['netin', 'netout', 'diskread', 'diskwrite'] as const;
type RateKey = (typeof RATE_KEYS)[number];

const DAY = 86_400;
const TWO_PI = Math.PI * 2;
/** pvestatd refreshes guest stats about every 10 s. */
export const STATS_INTERVAL_S = 10;

interface Wave {
  amplitude: number;
  omega: number;
  phase: number;
}

interface RateProfile {
  base: number;
  waves: Wave[];
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Plausible, deterministic load. Each container gets a profile from (seed, vmid): a base level,
 * a daily wave, a faster wave and per-10-s jitter. Rates are sums of sine waves, so the cumulative
 * counters since start are exact integrals and never go backwards.
 */
export class LoadModel {
  private readonly pins = new Map<number, LoadPin>();
  private readonly profiles = new Map<string, RateProfile>();

  constructor(private readonly seed: number) {}

  private h(vmid: number, ...parts: (string | number)[]): number {
    return unitHash(this.seed, 'load', vmid, ...parts);
  }

  private rateProfile(vmid: number, key: RateKey): RateProfile {
    const cacheKey = `${vmid}:${key}`;
    const cached = this.profiles.get(cacheKey);
    if (cached) return cached;
    const profile = this.buildRateProfile(vmid, key);
    this.profiles.set(cacheKey, profile);
    return profile;
  }

  private buildRateProfile(vmid: number, key: RateKey): RateProfile {
    const ranges: Record<RateKey, [number, number]> = {
      netin: [2_000, 250_000],
      netout: [1_000, 600_000],
      diskread: [500, 120_000],
      diskwrite: [2_000, 300_000],
    };
    const [low, high] = ranges[key];
    // Log-uniform base so some containers are busy and most are quiet.
    const base = low * Math.pow(high / low, this.h(vmid, key, 'base'));
    return {
      base,
      waves: [
        { amplitude: 0.5, omega: TWO_PI / DAY, phase: this.h(vmid, key, 'p1') * TWO_PI },
        {
          amplitude: 0.3,
          omega: TWO_PI / (600 + this.h(vmid, key, 'period') * 3000),
          phase: this.h(vmid, key, 'p2') * TWO_PI,
        },
      ],
    };
  }

  private rateAt(profile: RateProfile, t: number): number {
    return (
      profile.base *
      (1 + profile.waves.reduce((sum, w) => sum + w.amplitude * Math.sin(w.omega * t + w.phase), 0))
    );
  }

  /** Exact integral of the modelled rate from t0 to t1 (seconds). */
  private rateIntegral(profile: RateProfile, t0: number, t1: number): number {
    let total = t1 - t0;
    for (const w of profile.waves) {
      total -=
        (w.amplitude / w.omega) *
        (Math.cos(w.omega * t1 + w.phase) - Math.cos(w.omega * t0 + w.phase));
    }
    return profile.base * total;
  }

  private cpuAt(vmid: number, t: number): number {
    const base = 0.02 + this.h(vmid, 'cpu', 'base') * 0.23;
    const daily = 0.5 * Math.sin((TWO_PI * t) / DAY + this.h(vmid, 'cpu', 'p1') * TWO_PI);
    const period = 900 + this.h(vmid, 'cpu', 'period') * 2700;
    const fast = 0.3 * Math.sin((TWO_PI * t) / period + this.h(vmid, 'cpu', 'p2') * TWO_PI);
    const jitter = (this.h(vmid, 'cpu', Math.floor(t / STATS_INTERVAL_S)) - 0.5) * 0.4;
    return clamp(base * (1 + daily + fast + jitter), 0.001, 1);
  }

  private memFractionAt(vmid: number, t: number): number {
    const base = 0.2 + this.h(vmid, 'mem', 'base') * 0.4;
    const wave = 0.05 * Math.sin((TWO_PI * t) / DAY + this.h(vmid, 'mem', 'p1') * TWO_PI);
    const jitter = (this.h(vmid, 'mem', Math.floor(t / STATS_INTERVAL_S)) - 0.5) * 0.02;
    return clamp(base + wave + jitter, 0.02, 0.98);
  }

  private diskFractionAt(vmid: number, t: number): number {
    const base = 0.12 + this.h(vmid, 'disk', 'base') * 0.25;
    const wave = 0.01 * Math.sin((TWO_PI * t) / (7 * DAY) + this.h(vmid, 'disk', 'p1') * TWO_PI);
    return clamp(base + wave, 0.01, 0.99);
  }

  pin(vmid: number, values: Partial<Record<PinKey, number>>, now: number): LoadPin {
    const pin: LoadPin = { ...this.pins.get(vmid), ...values, since: Math.floor(now / 1000) };
    this.pins.set(vmid, pin);
    return pin;
  }

  unpin(vmid: number): void {
    this.pins.delete(vmid);
  }

  clearPins(): void {
    this.pins.clear();
  }

  pinOf(vmid: number): LoadPin | undefined {
    return this.pins.get(vmid);
  }

  private pinned(vmid: number, key: PinKey, t: number): number | undefined {
    const pin = this.pins.get(vmid);
    return pin && t >= pin.since ? pin[key] : undefined;
  }

  /** The instantaneous load of a running container at time t (epoch seconds). */
  sample(vmid: number, capacity: CtCapacity, t: number): LoadSample {
    const cpu = this.pinned(vmid, 'cpu', t) ?? this.cpuAt(vmid, t);
    const memFraction = this.pinned(vmid, 'mem', t) ?? this.memFractionAt(vmid, t);
    const diskFraction = this.pinned(vmid, 'disk', t) ?? this.diskFractionAt(vmid, t);
    const rate = (key: RateKey) =>
      this.pinned(vmid, key, t) ?? this.rateAt(this.rateProfile(vmid, key), t);
    const mem = Math.round(capacity.maxmem * memFraction);
    return {
      cpu,
      mem,
      disk: Math.round(capacity.maxdisk * diskFraction),
      netin: rate('netin'),
      netout: rate('netout'),
      diskread: rate('diskread'),
      diskwrite: rate('diskwrite'),
      memhost: Math.min(capacity.maxmem, Math.round(mem * 1.12)),
      pressurecpusome: round2(cpu > 0.8 ? (cpu - 0.8) * 150 : cpu * 2),
      pressurecpufull: round2(cpu > 0.9 ? (cpu - 0.9) * 100 : 0),
      pressureiosome: round2(this.h(vmid, 'io', Math.floor(t / STATS_INTERVAL_S)) * 0.5),
      pressureiofull: round2(this.h(vmid, 'iof', Math.floor(t / STATS_INTERVAL_S)) * 0.2),
      pressurememorysome: round2(memFraction > 0.9 ? (memFraction - 0.9) * 200 : 0),
      pressurememoryfull: round2(memFraction > 0.95 ? (memFraction - 0.95) * 100 : 0),
    };
  }

  /** Average of the rates over [t0, t1) (what an RRD AVERAGE row holds). */
  averageRates(vmid: number, t0: number, t1: number): Record<RateKey, number> {
    const out = {} as Record<RateKey, number>;
    for (const key of RATE_KEYS) {
      const pinned = this.pinned(vmid, key, t0);
      out[key] = pinned ?? this.rateIntegral(this.rateProfile(vmid, key), t0, t1) / (t1 - t0);
    }
    return out;
  }

  /** Cumulative counters of a running container at `nowMs`. */
  counters(ct: ContainerRecord, nowMs: number): Omit<CounterCheckpoint, 'at'> {
    const from = ct.counters.at / 1000;
    const to = Math.max(from, nowMs / 1000);
    const out = { netin: 0, netout: 0, diskread: 0, diskwrite: 0 };
    for (const key of RATE_KEYS) {
      const pinned = this.pinned(ct.vmid, key, to);
      const added =
        pinned !== undefined
          ? pinned * (to - from)
          : this.rateIntegral(this.rateProfile(ct.vmid, key), from, to);
      out[key] = Math.round(ct.counters[key] + added);
    }
    return out;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
