import { WebSocket } from 'ws';

import type { RunningSimulator } from '../simulator';
import { RfbTestClient, screenText, SocketReader } from '../testing/rfb-client';
import { eventually, expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

interface VncProxy {
  user: string;
  ticket: string;
  port: number;
  upid: string;
  cert: string;
  password: string;
}

interface Login {
  ticket: string;
  CSRFPreventionToken: string;
}

function openSocket(
  sim: RunningSimulator,
  vmid: number,
  proxy: { port: number; ticket: string },
  headers: Record<string, string>,
): Promise<{ ws?: WebSocket; reader?: SocketReader; status?: number; reason?: string }> {
  const url = new URL(`${sim.apiUrl.replace(/^http/, 'ws')}/nodes/pve1/lxc/${vmid}/vncwebsocket`);
  url.search = new URLSearchParams({
    port: String(proxy.port),
    vncticket: proxy.ticket,
  }).toString();
  const ws = new WebSocket(url, ['binary'], { headers });
  const reader = new SocketReader(ws);
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, reader }));
    ws.once('unexpected-response', (_request, response) =>
      resolve({ status: response.statusCode, reason: response.statusMessage }),
    );
    ws.once('error', () => resolve({ status: -1 }));
  });
}

describe('console (vncproxy, vncwebsocket, RFB, termproxy)', () => {
  let sim: RunningSimulator;
  let pve: PveClient;
  let consoleUser: PveClient;
  let cookie: Record<string, string>;

  beforeAll(async () => {
    sim = await startTestSim({ consoleConnectTimeoutMs: 400 });
    pve = PveClient.forSim(sim);
    await pve.createContainer(100, { start: 1, hostname: 'web1', password: 'root-pass' });
    const login = await pve.withAuth({ kind: 'none' }).data<Login>('POST', '/access/ticket', {
      username: 'hostdeck-console@pve',
      password: 'console-password',
    });
    consoleUser = pve.withAuth({
      kind: 'ticket',
      ticket: login.ticket,
      csrf: login.CSRFPreventionToken,
    });
    cookie = { cookie: `PVEAuthCookie=${encodeURIComponent(login.ticket)}` };
  });

  afterAll(async () => {
    try {
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });

  const vncproxy = () =>
    consoleUser.data<VncProxy>('POST', '/nodes/pve1/lxc/100/vncproxy', { websocket: 1 });

  it('answers vncproxy like PVE 9 (port 5900-5999, password, ticket carrying it, a task)', async () => {
    const proxy = await vncproxy();
    expect(proxy.user).toBe('hostdeck-console@pve');
    expect(proxy.port).toBeGreaterThanOrEqual(5900);
    expect(proxy.port).toBeLessThanOrEqual(5999);
    expect(proxy.password).toMatch(/^[!-~]{8}$/);
    expect(proxy.ticket.startsWith(`${proxy.password}:PVEVNC:`)).toBe(true);
    expect(proxy.cert).toContain('BEGIN CERTIFICATE');
    expect(proxy.upid).toContain(':vncproxy:100:hostdeck-console@pve:');
    const task = await consoleUser.data<{ status: string }>(
      'GET',
      `/nodes/pve1/tasks/${encodeURIComponent(proxy.upid)}/status`,
    );
    expect(task.status).toBe('running');
    // Nobody connects: the ticket lapses and the task ends.
    await eventually(
      () =>
        consoleUser.data<{ status: string }>(
          'GET',
          `/nodes/pve1/tasks/${encodeURIComponent(proxy.upid)}/status`,
        ),
      (status) => status.status === 'stopped',
    );
    const late = await openSocket(sim, 100, proxy, cookie);
    expect(late.status).toBe(401);
  });

  it('refuses API tokens, other users and wrong tickets on the websocket', async () => {
    const proxy = await vncproxy();
    const token = await openSocket(sim, 100, proxy, { authorization: `PVEAPIToken=${sim.token}` });
    expect([token.status, token.reason]).toEqual([401, 'No ticket']);
    const none = await openSocket(sim, 100, proxy, {});
    expect([none.status, none.reason]).toEqual([401, 'No ticket']);
    const wrongTicket = await openSocket(
      sim,
      100,
      { ...proxy, ticket: `${proxy.ticket}x` },
      cookie,
    );
    expect([wrongTicket.status, wrongTicket.reason]).toEqual([
      401,
      'permission denied - invalid vnc ticket',
    ]);
    const wrongPort = await openSocket(sim, 100, { ...proxy, port: proxy.port + 1 }, cookie);
    expect(wrongPort.status).toBe(401);
    // A token's own vncproxy ticket does not help it either.
    const tokenProxy = await pve.data<VncProxy>('POST', '/nodes/pve1/lxc/100/vncproxy', {
      websocket: 1,
    });
    expect(tokenProxy.user).toBe('hostdeck@pve!panel');
    const tokenSocket = await openSocket(sim, 100, tokenProxy, {
      authorization: `PVEAPIToken=${sim.token}`,
    });
    expect(tokenSocket.status).toBe(401);
    const otherUser = await openSocket(sim, 100, tokenProxy, cookie);
    expect(otherUser.status).toBe(401);
  });

  it('serves RFB 3.8 with VNC authentication and a login screen', async () => {
    const proxy = await vncproxy();
    const { ws, reader } = await openSocket(sim, 100, proxy, cookie);
    if (!ws || !reader) throw new Error('websocket refused');
    expect(ws.protocol).toBe('binary');
    const client = new RfbTestClient(reader);
    expect(await client.handshake(proxy.password)).toBe(0);
    expect([client.width, client.height, client.name]).toEqual([640, 400, 'CT 100']);
    client.requestUpdate(false);
    const [full] = await client.readUpdate();
    expect([full.x, full.y, full.width, full.height]).toEqual([0, 0, 640, 400]);
    const text = screenText(full);
    expect(text).toContain('Debian GNU/Linux 12 web1 tty1');
    expect(text).toContain('web1 login:');
    // Typing echoes; an incremental request is answered when something changed.
    client.requestUpdate(true);
    client.type('root\r');
    const [echo] = await client.readUpdate();
    expect(echo.width).toBe(640);
    client.type('root-pass\r');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.requestUpdate(false);
    const [after] = await client.readUpdate();
    expect(screenText(after)).toContain('root@web1:~#');
    expect(screenText(after)).not.toContain('root-pass');
    // Single use.
    const second = await openSocket(sim, 100, proxy, cookie);
    expect(second.status).toBe(500);
    ws.close();
    await eventually(
      () =>
        consoleUser.data<{ status: string; exitstatus?: string }>(
          'GET',
          `/nodes/pve1/tasks/${encodeURIComponent(proxy.upid)}/status`,
        ),
      (status) => status.status === 'stopped',
    );
  });

  it('closes the RFB connection on a wrong VNC password', async () => {
    const proxy = await vncproxy();
    const { reader } = await openSocket(sim, 100, proxy, cookie);
    if (!reader) throw new Error('websocket refused');
    const client = new RfbTestClient(reader);
    expect(await client.handshake('wrongpwd')).toBe(1);
    const reasonLength = (await client.reader.read(4)).readUInt32BE(0);
    expect((await client.reader.read(reasonLength)).toString()).toBe('Authentication failed');
  });

  it('speaks the termproxy protocol behind the same websocket', async () => {
    const proxy = await consoleUser.data<{
      user: string;
      ticket: string;
      port: number;
      upid: string;
    }>('POST', '/nodes/pve1/lxc/100/termproxy');
    expect(proxy.ticket).toMatch(/^PVEVNC:/);
    const { ws } = await openSocket(sim, 100, proxy, cookie);
    if (!ws) throw new Error('websocket refused');
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(Buffer.from(data).toString()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    ws.send(`${proxy.user}:${proxy.ticket}\n`);
    await eventually(
      async () => received.join(''),
      (text) => text.includes('login:'),
    );
    expect(received[0]).toBe('OK');
    ws.send('0:5:root\r');
    ws.send('1:80:24:');
    ws.send('2');
    await eventually(
      async () => received.join(''),
      (text) => text.includes('Password:'),
    );
    ws.close();
  });
});

describe('console with allowTokenConsole (PVE 9.1 token-owned VNC tickets)', () => {
  it('lets a token open the websocket for its own vncproxy ticket', async () => {
    const sim = await startTestSim({ allowTokenConsole: true });
    try {
      const pve = PveClient.forSim(sim);
      await pve.createContainer(100, { start: 1 });
      const proxy = await pve.data<VncProxy>('POST', '/nodes/pve1/lxc/100/vncproxy', {
        websocket: 1,
      });
      const { ws, reader } = await openSocket(sim, 100, proxy, {
        authorization: `PVEAPIToken=${sim.token}`,
      });
      if (!ws || !reader) throw new Error('websocket refused');
      expect(await new RfbTestClient(reader).handshake(proxy.password)).toBe(0);
      ws.close();
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });
});
