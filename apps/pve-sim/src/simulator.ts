import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Accepted API token, as `USER@REALM!TOKENID=SECRET`. */
  apiToken?: string;
  nodes?: string[];
}

export interface RunningSimulator {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export const DEFAULT_SIM_TOKEN = 'hostdeck@pve!panel=00000000-0000-0000-0000-000000000000';

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  response.end(JSON.stringify(body));
}

/**
 * The Proxmox VE API simulator. For now it answers the version and node list with Proxmox's
 * `{ data }` envelope and checks the API token like a real node; the container endpoints follow.
 */
export function createSimulator(options: SimulatorOptions = {}): Server {
  const token = options.apiToken ?? DEFAULT_SIM_TOKEN;
  const nodes = options.nodes ?? ['pve1'];
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (!path.startsWith('/api2/json/')) return reply(response, 404, { data: null });
    if (request.headers['authorization'] !== `PVEAPIToken=${token}`) {
      response.statusMessage = 'authentication failure';
      return reply(response, 401, { data: null });
    }
    if (request.method === 'GET' && path === '/api2/json/version') {
      return reply(response, 200, {
        data: { version: '8.4.1', release: '8.4', repoid: 'hostdeck-sim' },
      });
    }
    if (request.method === 'GET' && path === '/api2/json/nodes') {
      return reply(response, 200, {
        data: nodes.map((node) => ({ node, status: 'online', type: 'node', id: `node/${node}` })),
      });
    }
    response.statusMessage = `Method '${request.method} ${path}' not implemented`;
    return reply(response, 501, { data: null });
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const server = createSimulator(options);
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/api2/json`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
