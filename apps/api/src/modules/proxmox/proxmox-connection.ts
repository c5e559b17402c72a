/** Everything needed to reach one Proxmox cluster (a real one, or the bundled simulator). */
export interface ProxmoxConnection {
  /** https://host:8006/api2/json */
  apiUrl: string;
  tokenId: string;
  tokenSecret: string;
  defaultNode?: string;
  storage: string;
  templateStorage: string;
  bridge: string;
  console?: { user: string; password: string };
  ssh?: {
    user: string;
    privateKey: Buffer;
    port: number;
    /** node → host; nodes not listed are reached at the API URL's host. */
    hosts: Record<string, string>;
    /** SHA256 host key fingerprint (base64); unset = not verified. */
    hostFingerprint?: string;
  };
  ca?: Buffer;
  insecureTls: boolean;
  timeoutMs: number;
  taskTimeoutMs: number;
  taskPollIntervalMs?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
}
