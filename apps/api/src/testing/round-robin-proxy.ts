import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { connect, Socket } from 'node:net';

/**
 * A small stand-in for nginx when it is not installed: round robin over loopback upstreams, the
 * next upstream when one refuses the connection (like nginx's proxy_next_upstream error), and
 * WebSocket upgrades piped through. Not for production: docker/nginx.conf is.
 */
export class RoundRobinProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private next = 0;
  baseUrl = '';

  constructor(private readonly upstreamPorts: number[]) {
    this.server = createServer((request, response) => this.forward(request, response, 0));
    this.server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(request, socket, head, 0),
    );
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((done) => this.server.listen(port, '127.0.0.1', done));
    const address = this.server.address();
    this.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private pick(): number {
    const port = this.upstreamPorts[this.next % this.upstreamPorts.length];
    this.next += 1;
    return port;
  }

  private forward(request: IncomingMessage, response: ServerResponse, attempt: number): void {
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => this.send(request, Buffer.concat(body), response, attempt));
  }

  private send(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    attempt: number,
  ): void {
    const port = this.pick();
    let isSent = false;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, connection: 'close', 'x-forwarded-for': '127.0.0.1' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('socket', (socket: Socket) => socket.once('connect', () => (isSent = true)));
    upstream.on('error', () => {
      // Refused before anything was sent: another upstream may take it (any method, like nginx).
      if (!isSent && attempt + 1 < this.upstreamPorts.length) {
        this.send(request, body, response, attempt + 1);
        return;
      }
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('bad gateway');
    });
    upstream.end(body);
  }

  private upgrade(request: IncomingMessage, client: Socket, head: Buffer, attempt: number): void {
    const port = this.pick();
    const upstream = connect(port, '127.0.0.1');
    let isConnected = false;
    upstream.once('connect', () => {
      isConnected = true;
      const lines = [`${request.method} ${request.url} HTTP/1.1`];
      for (let i = 0; i < request.rawHeaders.length; i += 2)
        lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      upstream.once('close', () => client.destroy());
    });
    upstream.once('error', () => {
      if (!isConnected && attempt + 1 < this.upstreamPorts.length) {
        this.upgrade(request, client, head, attempt + 1);
        return;
      }
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
    client.once('error', () => upstream.destroy());
  }
}
