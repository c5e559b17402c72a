/** UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>: (pve-common UPID.pm). */
const UPID =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export interface Upid {
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
}

export function parseUpid(upid: string): Upid | undefined {
  const match = UPID.exec(upid);
  if (!match) return undefined;
  return {
    node: match[1],
    pid: parseInt(match[3], 16),
    pstart: parseInt(match[4], 16),
    starttime: parseInt(match[5], 16),
    type: match[6],
    id: match[7],
    user: match[8],
  };
}

const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');

export function formatUpid(upid: Upid): string {
  return `UPID:${upid.node}:${hex(upid.pid, 8)}:${hex(upid.pstart, 8)}:${hex(upid.starttime, 8)}:${upid.type}:${upid.id}:${upid.user}:`;
}
