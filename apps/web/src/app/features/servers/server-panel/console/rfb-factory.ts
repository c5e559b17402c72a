import RFB, { type RfbOptions } from '@novnc/novnc';
import { InjectionToken } from '@angular/core';

/** Creates noVNC clients; a seam so specs can hand the console tab a fake. */
export type RfbFactory = (target: HTMLElement, url: string, options?: RfbOptions) => RFB;

export const RFB_FACTORY = new InjectionToken<RfbFactory>('RFB_FACTORY', {
  providedIn: 'root',
  factory: () => (target, url, options) => new RFB(target, url, options),
});

/** The console session's same-origin WebSocket path as an absolute ws(s):// URL. */
export function consoleWebSocketUrl(
  path: string,
  location: Pick<Location, 'protocol' | 'host'>,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path.startsWith('/') ? path : `/${path}`}`;
}
