import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy put between the API and a dependency (MariaDB, the simulator's SSH) so a
 * test can take that dependency away for the API alone, without touching the real service that
 * other tests share: `refuse()` drops every connection and refuses new ones, `blackhole()`
 * accepts connections and never forwards a byte (a hung peer), `restore()` forwards again.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<Socket>();
  private mode: 'forward' | 'blackhole' | 'refuse' = 'forward';
  private listenPort = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The loopback port clients should use (stays the same across refuse/restore). */
  get port(): number {
    return this.listenPort;
  }

  async start(): Promise<number> {
    await this.listen(0);
    return this.listenPort;
  }

  /** Drops every open connection and closes the port: new connections get ECONNREFUSED. */
  async refuse(): Promise<void> {
    this.mode = 'refuse';
    this.dropAll();
    await this.closeListener();
  }

  /** Drops every open connection; new ones are accepted and then left without an answer. */
  async blackhole(): Promise<void> {
    this.mode = 'blackhole';
    this.dropAll();
    if (!this.server) await this.listen(this.listenPort);
  }

  /** Forwards again (on the same port). */
  async restore(): Promise<void> {
    this.mode = 'forward';
    if (!this.server) await this.listen(this.listenPort);
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    this.dropAll();
    await this.closeListener();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        this.listenPort = typeof address === 'object' && address ? address.port : port;
        done();
      });
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((done) => (server ? server.close(() => done()) : done()));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode !== 'forward') return; // blackhole: hold it open, say nothing
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  private track(socket: Socket): void {
    this.pairs.add(socket);
    socket.on('close', () => this.pairs.delete(socket));
    socket.on('error', () => undefined);
  }

  private dropAll(): void {
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
  }
}
