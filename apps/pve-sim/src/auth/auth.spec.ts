import type { RunningSimulator } from '../simulator';
import { expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

interface Login {
  username: string;
  ticket: string;
  CSRFPreventionToken: string;
}

describe('authentication', () => {
  let sim: RunningSimulator;
  let pve: PveClient;
  let anonymous: PveClient;

  beforeAll(async () => {
    sim = await startTestSim({
      users: ['hostdeck-console@pve:console-password', 'ops@pve:ops-password:admin'],
    });
    pve = PveClient.forSim(sim);
    anonymous = pve.withAuth({ kind: 'none' });
    await pve.createContainer(100, { start: 1 });
  });

  afterAll(async () => {
    try {
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });

  const login = (username: string, password: string) =>
    anonymous.data<Login>('POST', '/access/ticket', { username, password });

  it('logs in with POST /access/ticket and returns a ticket and a CSRF token', async () => {
    const result = await login('hostdeck-console@pve', 'console-password');
    expect(result).toEqual({
      username: 'hostdeck-console@pve',
      ticket: expect.stringMatching(/^PVE:hostdeck-console@pve:[0-9A-F]{8}::\S+$/),
      CSRFPreventionToken: expect.stringMatching(/^[0-9A-F]{8}:\S+$/),
    });
    const realm = await anonymous.data<Login>('POST', '/access/ticket', {
      username: 'hostdeck-console',
      realm: 'pve',
      password: 'console-password',
    });
    expect(realm.username).toBe('hostdeck-console@pve');
  });

  it('refuses a wrong password with 401 authentication failure', async () => {
    const response = await anonymous.request('POST', '/access/ticket', {
      username: 'hostdeck-console@pve',
      password: 'nope',
    });
    expect([response.status, response.statusText]).toEqual([401, 'authentication failure']);
  });

  it('refuses an API token on /access/ticket (allowtoken 0) with 403', async () => {
    const response = await pve.request('POST', '/access/ticket', {
      username: 'hostdeck-console@pve',
      password: 'console-password',
    });
    expect(response.status).toBe(403);
    expect(response.statusText).toBe(
      "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.",
    );
  });

  it('uses the ticket cookie; non-GET calls need the CSRF token', async () => {
    const session = await login('ops@pve', 'ops-password');
    const withoutCsrf = pve.withAuth({ kind: 'ticket', ticket: session.ticket });
    expect((await withoutCsrf.request('GET', '/nodes')).status).toBe(200);
    const refused = await withoutCsrf.request('PUT', '/nodes/pve1/lxc/100/config', { cores: 2 });
    expect([refused.status, refused.statusText]).toEqual([
      401,
      'Permission denied - invalid csrf token',
    ]);
    const withCsrf = pve.withAuth({
      kind: 'ticket',
      ticket: session.ticket,
      csrf: session.CSRFPreventionToken,
    });
    expect((await withCsrf.request('PUT', '/nodes/pve1/lxc/100/config', { cores: 2 })).status).toBe(
      200,
    );
    const tampered = pve.withAuth({ kind: 'ticket', ticket: session.ticket.replace(/.$/, 'x') });
    const bad = await tampered.request('GET', '/nodes');
    expect([bad.status, bad.statusText]).toEqual([401, 'Authentication failed!']);
  });

  it('renews a ticket by posting it as the password, and expires tickets after 2 h', async () => {
    const first = await login('hostdeck-console@pve', 'console-password');
    await pve.control('POST', '/__sim/clock', { advanceSeconds: 3600 });
    const renewed = await login('hostdeck-console@pve', first.ticket);
    expect(renewed.ticket).not.toBe(first.ticket);
    await pve.control('POST', '/__sim/clock', { advanceSeconds: 3601 });
    const expired = await pve
      .withAuth({ kind: 'ticket', ticket: first.ticket })
      .request('GET', '/nodes');
    expect([expired.status, expired.statusText]).toEqual([401, 'Authentication failed!']);
    const stillValid = await pve
      .withAuth({ kind: 'ticket', ticket: renewed.ticket })
      .request('GET', '/nodes');
    expect(stillValid.status).toBe(200);
    const tooLate = await anonymous.request('POST', '/access/ticket', {
      username: 'hostdeck-console@pve',
      password: first.ticket,
    });
    expect(tooLate.status).toBe(401);
  });

  it('gives console users VM.Console and VM.Audit only', async () => {
    const session = await login('hostdeck-console@pve', 'console-password');
    const console = pve.withAuth({
      kind: 'ticket',
      ticket: session.ticket,
      csrf: session.CSRFPreventionToken,
    });
    expect((await console.request('GET', '/nodes/pve1/lxc/100/status/current')).status).toBe(200);
    expect((await console.request('GET', '/cluster/resources')).status).toBe(200);
    const stop = await console.request('POST', '/nodes/pve1/lxc/100/status/stop');
    expect([stop.status, stop.statusText]).toEqual([
      403,
      'Permission check failed (/vms/100, VM.PowerMgmt)',
    ]);
    const config = await console.request('PUT', '/nodes/pve1/lxc/100/config', { memory: 1024 });
    expect(config.statusText).toBe('Permission check failed (/vms/100, VM.Config.Memory)');
    const create = await console.request('POST', '/nodes/pve1/lxc', {
      vmid: 120,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    });
    expect(create.statusText).toBe('Permission check failed (/vms/120, VM.Allocate)');
    const vnc = await console.request<{ user: string; port: number }>(
      'POST',
      '/nodes/pve1/lxc/100/vncproxy',
      {
        websocket: 1,
      },
    );
    expect(vnc.status).toBe(200);
    expect(vnc.body?.data.user).toBe('hostdeck-console@pve');
    // A task of the token is not the console user's to read.
    const upid = await pve.data<string>('POST', '/nodes/pve1/lxc/100/snapshot', {
      snapname: 'snap1',
    });
    const foreign = await console.request(
      'GET',
      `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
    );
    expect(foreign.statusText).toBe('Permission check failed (/nodes/pve1, Sys.Audit)');
    await pve.waitTask(upid);
  });
});
