import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer } from 'ws';

import type { AuthService } from '../auth/auth-service';
import { PveError } from '../core/pve-error';
import { verifyPassword } from '../core/sha512-crypt';
import { writeRawResponse } from '../http/respond';
import { containerAddresses } from '../services/lifecycle';
import { Params, requireInt } from '../services/params';
import type { Caller, SimContext } from '../sim-context';
import { osNameForTemplate } from '../state/templates';
import type { ContainerRecord } from '../state/types';
import { GuestConsole, GuestInfo } from './guest-console';
import { NODE_CERT_PEM } from './node-cert';
import { RfbServer } from './rfb-server';
import { TextScreen } from './text-screen';

type ConsoleKind = 'vnc' | 'term';

interface ConsoleSession {
  kind: ConsoleKind;
  port: number;
  vmid: number;
  node: string;
  authid: string;
  ticket: string;
  /** The VNC password (vncproxy only). */
  password?: string;
  isUsed: boolean;
  upid: string;
  timer: NodeJS.Timeout;
  end(): void;
}

export interface VncProxyAnswer {
  user: string;
  ticket: string;
  port: number;
  upid: string;
  cert?: string;
  password?: string;
}

const FIRST_PORT = 5900;
const LAST_PORT = 5999;
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function guestInfo(sim: SimContext, ct: ContainerRecord): GuestInfo {
  return {
    hostname: () => String(ct.config['hostname'] ?? `CT${ct.vmid}`),
    osName: () => osNameForTemplate(ct.ostemplate),
    ipv4: () => Object.values(containerAddresses(sim, ct))[0]?.split('/')[0],
    checkRootPassword: (password) =>
      ct.rootPasswordHash !== undefined && verifyPassword(password, ct.rootPasswordHash),
  };
}

/**
 * vncproxy/termproxy tickets and the vncwebsocket behind them: one connection per ticket, within
 * the connect timeout, for the same user who asked for it. Behind the websocket runs an RFB server
 * (vncproxy) or the termproxy protocol, both showing the container's login console.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<number, ConsoleSession>();
  private readonly sockets = new Set<WebSocket>();
  private readonly server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols: Set<string>) =>
      protocols.has('binary') ? 'binary' : ([...protocols][0] ?? false),
  });

  constructor(
    private readonly sim: SimContext,
    private readonly auth: AuthService,
  ) {}

  /** POST .../vncproxy and .../termproxy. */
  open(caller: Caller, params: Params, kind: ConsoleKind): VncProxyAnswer {
    const ct = this.sim.state.requireContainer(params['node'], requireInt(params, 'vmid'));
    const port = this.freePort();
    const vncTicket = this.auth.vncTicket(caller.authid, `/vms/${ct.vmid}`, port);
    let password: string | undefined;
    if (kind === 'vnc') {
      password = Array.from(
        { length: 8 },
        () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)],
      ).join('');
    }
    const ticket = password ? `${password}:${vncTicket}` : vncTicket;
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const command =
      kind === 'vnc'
        ? `/usr/bin/vncterm -rfbport ${port} -timeout 10 -authpath /vms/${ct.vmid} -perm VM.Console -notls -listen localhost -c /usr/bin/dtach -A /var/run/dtach/vzctlconsole${ct.vmid} -r winch -z lxc-console -n ${ct.vmid} -e -1`
        : `/usr/bin/termproxy ${port} --path /vms/${ct.vmid} --perm VM.Console -- /usr/bin/dtach -A /var/run/dtach/vzctlconsole${ct.vmid} -r winch -z lxc-console -n ${ct.vmid} -e -1`;
    const upid = this.sim.tasks.start({
      node: ct.node,
      type: 'vncproxy',
      id: String(ct.vmid),
      user: caller.authid,
      worker: async (task) => {
        task.log(`launch command: ${command}`);
        await task.waitFor(ended);
      },
    });
    const session: ConsoleSession = {
      kind,
      port,
      vmid: ct.vmid,
      node: ct.node,
      authid: caller.authid,
      ticket,
      password,
      isUsed: false,
      upid,
      timer: setTimeout(() => {
        if (!session.isUsed) this.finish(session);
      }, this.sim.options.consoleConnectTimeoutMs),
      end: () => end(),
    };
    this.sessions.set(port, session);
    return {
      user: caller.authid,
      ticket,
      port,
      upid,
      ...(kind === 'vnc' ? { cert: NODE_CERT_PEM, password } : {}),
    };
  }

  private freePort(): number {
    for (let port = FIRST_PORT; port <= LAST_PORT; port++) {
      if (!this.sessions.has(port)) return port;
    }
    throw PveError.fail(`unable to find free port (${FIRST_PORT}-${LAST_PORT})`);
  }

  private finish(session: ConsoleSession): void {
    clearTimeout(session.timer);
    if (this.sessions.get(session.port) === session) this.sessions.delete(session.port);
    session.end();
  }

  /**
   * The vncwebsocket upgrade, after authentication and parameter checks: the ticket must belong to
   * this user, container and port, be unused and not timed out.
   */
  connect(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    caller: Caller,
    params: Params,
  ): void {
    const port = Number(params['port']);
    const vmid = requireInt(params, 'vmid');
    const session = this.sessions.get(port);
    const isValid =
      session !== undefined &&
      session.vmid === vmid &&
      session.node === params['node'] &&
      session.ticket === params['vncticket'] &&
      session.authid === caller.authid;
    if (!isValid) return writeRawResponse(socket, 401, 'permission denied - invalid vnc ticket');
    if (session.isUsed) {
      return writeRawResponse(socket, 500, `unable to connect to port ${port}: Connection refused`);
    }
    const ct = this.sim.state.containers.get(vmid);
    if (!ct)
      return writeRawResponse(socket, 500, `unable to connect to port ${port}: Connection refused`);
    session.isUsed = true;
    clearTimeout(session.timer);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
        this.finish(session);
      });
      ws.on('error', () => ws.terminate());
      if (session.kind === 'vnc') this.runVnc(ws, session, ct);
      else this.runTerm(ws, session, ct);
    });
  }

  private runVnc(ws: WebSocket, session: ConsoleSession, ct: ContainerRecord): void {
    const screen = new TextScreen();
    const guest = new GuestConsole(guestInfo(this.sim, ct));
    const rfb = new RfbServer(
      {
        send: (data) => ws.readyState === WebSocket.OPEN && ws.send(data),
        close: () => ws.close(),
      },
      {
        password: session.password ?? '',
        name: `CT ${ct.vmid}`,
        screen,
        onInput: (text) => guest.input(text),
      },
    );
    guest.onOutput((output) => {
      screen.write(output);
      rfb.screenChanged();
    });
    if (ct.status === 'running') guest.start();
    else
      screen.write(
        `lxc-console: ${ct.vmid}: tools/lxc_console.c: main: 129 ${ct.vmid} is not running\r\n`,
      );
    ws.on('message', (data: Buffer) => rfb.receive(Buffer.from(data)));
    ws.on('close', () => rfb.close());
    rfb.start();
  }

  /** termproxy: `user:ticket\n` first (answered `OK`), then `0:len:data`, `1:cols:rows:`, `2`. */
  private runTerm(ws: WebSocket, session: ConsoleSession, ct: ContainerRecord): void {
    const guest = new GuestConsole(guestInfo(this.sim, ct));
    let isAuthenticated = false;
    guest.onOutput((output) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.from(output, 'utf8'));
    });
    ws.on('message', (data: Buffer) => {
      const text = Buffer.from(data).toString('utf8');
      if (!isAuthenticated) {
        if (text !== `${session.authid}:${session.ticket}\n`) return ws.close();
        isAuthenticated = true;
        ws.send(Buffer.from('OK'));
        if (ct.status === 'running') guest.start();
        else ws.send(Buffer.from(`CT ${ct.vmid} is not running\r\n`));
        return;
      }
      let rest = text;
      while (rest.length > 0) {
        const input = /^0:(\d+):/.exec(rest);
        if (input) {
          const start = input[0].length;
          const payload = Buffer.from(rest.slice(start), 'utf8').subarray(0, Number(input[1]));
          const chunk = payload.toString('utf8');
          guest.input(chunk);
          rest = rest.slice(start + chunk.length);
          continue;
        }
        const resize = /^1:\d+:\d+:/.exec(rest);
        if (resize) {
          rest = rest.slice(resize[0].length);
          continue;
        }
        if (rest.startsWith('2')) {
          rest = rest.slice(1);
          continue;
        }
        break;
      }
    });
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) this.finish(session);
    for (const ws of this.sockets) ws.terminate();
    this.server.close();
  }
}
