import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PveSchema } from '@hostdeck/pve-schema';

import { BundledSimulator } from '../src/modules/proxmox/bundled-simulator';
import type { ProxmoxConnection } from '../src/modules/proxmox/proxmox-connection';
import { ProxmoxHttpClient } from '../src/modules/proxmox/proxmox-http.client';
import {
  ProxmoxApiError,
  ProxmoxTaskError,
  ProxmoxUnavailableError,
} from '../src/modules/proxmox/proxmox.errors';
import type { ProxmoxExchange } from '../src/modules/proxmox/proxmox-transport';
import { readFirstFramebuffer } from '../src/testing/rfb-client';
import { SimControl } from '../src/testing/sim-control';
import { testSimulatorSettings } from '../src/testing/test-simulator';

const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const schema = new PveSchema();

/**
 * The client against the simulator over real HTTP, WebSocket and SSH. Every request the client
 * sends and every answer it reads is checked against the official schema.
 */
describe('ProxmoxHttpClient against pve-sim', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostdeck-pve-'));
  const simulator = new BundledSimulator();
  const contractProblems: string[] = [];
  let connection: ProxmoxConnection;
  let client: ProxmoxHttpClient;
  let sim: SimControl;

  function checkExchange(exchange: ProxmoxExchange): void {
    const match = schema.match(exchange.method, exchange.path);
    if (!match) {
      contractProblems.push(`${exchange.method} ${exchange.path}: not in the Proxmox API`);
      return;
    }
    const request = schema.validateRequest(exchange.method, match.template, {
      ...match.pathParams,
      ...exchange.params,
    });
    if (!request.ok)
      contractProblems.push(
        `${exchange.method} ${match.template} request: ${JSON.stringify(request.errors)}`,
      );
    if (exchange.status === 200) {
      const response = schema.validateResponse(exchange.method, match.template, exchange.data);
      if (!response.ok)
        contractProblems.push(
          `${exchange.method} ${match.template} response: ${JSON.stringify(response.errors)}`,
        );
    }
  }

  function makeClient(overrides: Partial<ProxmoxConnection> = {}): ProxmoxHttpClient {
    return new ProxmoxHttpClient(
      { ...connection, taskPollIntervalMs: 20, ...overrides },
      { observer: checkExchange },
    );
  }

  async function createRunning(hostname: string): Promise<{ node: string; vmid: number }> {
    const node = await client.pickNode({ memoryMb: 512, diskGb: 4 });
    const vmid = await client.nextVmid();
    const task = await client.createContainer({
      node,
      vmid,
      hostname,
      templateVolid: TEMPLATE,
      cores: 1,
      memoryMb: 512,
      diskGb: 4,
      rootPassword: 'initial-Passw0rd',
      start: true,
    });
    await client.waitForTask(task);
    return { node, vmid };
  }

  beforeAll(async () => {
    connection = await simulator.start(
      testSimulatorSettings(dataDir, {
        simulatorEnv: {
          PVE_SIM_NODES: 'pve1,pve2',
          PVE_SIM_STRICT: 'true',
          PVE_SIM_SEED: '42',
        },
        timeoutMs: 1500,
        taskTimeoutSeconds: 30,
      }),
    );
    client = makeClient();
    sim = new SimControl(connection);
  });

  afterEach(async () => {
    await sim.clearFaults();
    expect(contractProblems).toEqual([]);
    contractProblems.length = 0;
  });

  afterAll(async () => {
    const violations = await sim.violations();
    client?.close();
    await simulator.onApplicationShutdown();
    rmSync(dataDir, { recursive: true, force: true });
    expect(violations).toEqual([]);
  });

  it('lists nodes, templates and a free vmid', async () => {
    const nodes = await client.listNodes();
    expect(nodes.map((node) => node.node).sort()).toEqual(['pve1', 'pve2']);
    expect(nodes.every((node) => node.isOnline && node.memTotalBytes > 0)).toBe(true);
    expect((await client.listTemplates('pve1')).map((template) => template.volid)).toContain(
      TEMPLATE,
    );
    expect(await client.nextVmid()).toBeGreaterThanOrEqual(100);
  });

  it('runs a container through its whole life', async () => {
    const { node, vmid } = await createRunning('lifecycle');
    const stats = await client.getContainerStats(node, vmid);
    expect(stats).toMatchObject({
      status: 'running',
      vmid,
      cores: 1,
      memTotalBytes: 512 * 1024 ** 2,
    });
    expect(await client.getContainerIp(node, vmid)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(
      (await client.listContainers()).some(
        (container) => container.vmid === vmid && container.status === 'running',
      ),
    ).toBe(true);

    await client.waitForTask(await client.createSnapshot(node, vmid, 'first', 'before changes'));
    await client.updateResources(node, vmid, { cores: 2, memoryMb: 1024 });
    await client.waitForTask(await client.createSnapshot(node, vmid, 'second'));
    const snapshots = await client.listSnapshots(node, vmid);
    expect(snapshots.map((snapshot) => snapshot.name)).toEqual(['first', 'second']);
    expect(snapshots[1].parent).toBe('first');
    expect(snapshots[0].description).toBe('before changes');

    await client.waitForTask(await client.rollbackSnapshot(node, vmid, 'first', true));
    expect(await client.getContainerConfig(node, vmid)).toMatchObject({ cores: 1, memoryMb: 512 });
    expect((await client.getContainerStats(node, vmid)).status).toBe('running');
    await client.waitForTask(await client.deleteSnapshot(node, vmid, 'second'));
    expect((await client.listSnapshots(node, vmid)).map((snapshot) => snapshot.name)).toEqual([
      'first',
    ]);

    await client.waitForTask(await client.growDisk(node, vmid, 8));
    expect((await client.getContainerConfig(node, vmid)).diskGb).toBe(8);
    await expect(client.growDisk(node, vmid, 6)).rejects.toThrow(/unable to shrink disk size/);

    await client.setRootPassword(node, vmid, 'n3w-Root-passw0rd');
    expect(await sim.verifyPassword(vmid, 'n3w-Root-passw0rd')).toBe(true);
    expect(await sim.verifyPassword(vmid, 'initial-Passw0rd')).toBe(false);

    const ticket = await client.createConsoleTicket(node, vmid);
    const connection = await client.connectConsole(ticket);
    connection.stopBuffering();
    const frame = await readFirstFramebuffer(
      connection.socket,
      ticket.password,
      connection.buffered,
    );
    connection.socket.close();
    expect(frame.firstMessageType).toBe(0);
    expect(frame.rectangles).toBeGreaterThan(0);
    expect(frame.width).toBeGreaterThan(0);

    await client.waitForTask(
      await client.setPowerState(node, vmid, 'shutdown', { timeoutSeconds: 10, forceStop: true }),
    );
    expect((await client.getContainerStats(node, vmid)).status).toBe('stopped');
    await expect(client.setRootPassword(node, vmid, 'another-passw0rd')).rejects.toThrow(
      /start it before/,
    );
    await client.waitForTask(await client.deleteContainer(node, vmid));
    await expect(client.getContainerConfig(node, vmid)).rejects.toMatchObject({ isNotFound: true });
  });

  it('reports Proxmox refusals with their message: already running, locked', async () => {
    const { node, vmid } = await createRunning('conflicts');
    const alreadyRunning = await client
      .setPowerState(node, vmid, 'start')
      .catch((error: unknown) => error);
    expect(alreadyRunning).toBeInstanceOf(ProxmoxApiError);
    expect(alreadyRunning).toMatchObject({
      isConflict: true,
      message: expect.stringContaining('already running'),
    });

    await sim.setFaults({ taskLatencyMs: 1500 });
    const snapshot = await client.createSnapshot(node, vmid, 'slow');
    const locked = await client
      .updateResources(node, vmid, { cores: 2 })
      .catch((error: unknown) => error);
    expect(locked).toBeInstanceOf(ProxmoxApiError);
    expect((locked as ProxmoxApiError).message).toMatch(/CT is locked \(snapshot\)/);
    expect((locked as ProxmoxApiError).statusCode).toBe(409);
    await client.waitForTask(snapshot);
  });

  it('turns a failed task into a typed error with the exit status', async () => {
    const { node, vmid } = await createRunning('taskfail');
    await client.waitForTask(await client.setPowerState(node, vmid, 'stop'));
    await sim.setFaults({
      failTasks: [{ type: 'vzstart', vmid, message: 'startup for container failed' }],
    });
    const start = await client.setPowerState(node, vmid, 'start');
    const failure = await client.waitForTask(start).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProxmoxTaskError);
    expect((failure as ProxmoxTaskError).exitStatus).toMatch(/startup for container failed/);
  });

  it('rejects a bad snapshot name with Proxmox parameter errors (400)', async () => {
    const { node, vmid } = await createRunning('badsnap');
    // The client would never send this; go around the DTO rules to see Proxmox's own answer.
    const error = await client
      .createSnapshot(node, vmid, '1-starts-with-digit')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxApiError);
    expect(error).toMatchObject({ httpStatus: 400, statusCode: 400 });
    expect(Object.keys((error as ProxmoxApiError).parameterErrors)).toContain('snapname');
    contractProblems.length = 0; // That request was wrong on purpose.
  });

  it('gives up on a hung Proxmox after the timeout instead of waiting forever', async () => {
    const hurried = makeClient({ timeoutMs: 300 });
    await sim.setFaults({ hang: true, match: '^GET /nodes$|^GET /cluster/resources' });
    const started = Date.now();
    const error = await hurried.listNodes().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxUnavailableError);
    // One try and two retries of 300 ms each, plus the backoff between them.
    expect(Date.now() - started).toBeLessThan(5000);
    hurried.close();
  });

  it('opens the circuit after repeated failures and closes it after recovery', async () => {
    const guarded = makeClient({ breakerThreshold: 3, breakerCooldownMs: 400 });
    await sim.setFaults({ errorRate: 1, errorStatus: 503, match: '^GET /cluster/nextid' });
    for (let i = 0; i < 3; i++)
      await expect(guarded.nextVmid()).rejects.toBeInstanceOf(ProxmoxUnavailableError);
    await sim.clearFaults();
    // Open: refused at once without asking Proxmox, although it answers again.
    await expect(guarded.nextVmid()).rejects.toThrow(/circuit is open/);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await guarded.nextVmid()).toBeGreaterThanOrEqual(100);
    expect(await guarded.nextVmid()).toBeGreaterThanOrEqual(100);
    guarded.close();
  });

  it('places a container on a node with room, skipping a node that is down', async () => {
    await sim.setFaults({ nodesDown: ['pve1'] });
    expect(await client.pickNode({ memoryMb: 512, diskGb: 4 })).toBe('pve2');
  });
});
