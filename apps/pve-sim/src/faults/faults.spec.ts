import type { RunningSimulator } from '../simulator';
import { expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

describe('fault injection', () => {
  let sim: RunningSimulator;
  let pve: PveClient;

  beforeAll(async () => {
    sim = await startTestSim({ nodes: ['pve1', 'pve2'] });
    pve = PveClient.forSim(sim);
    await pve.createContainer(100, { start: 1 }, 'pve2');
  });

  afterAll(async () => {
    try {
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });

  afterEach(async () => {
    await pve.control('DELETE', '/__sim/faults');
  });

  it('answers 500 for every call at error rate 1.0, optionally only for matching calls', async () => {
    const set = await pve.control('PUT', '/__sim/faults', { errorRate: 1 });
    expect(set.status).toBe(200);
    const response = await pve.request('GET', '/nodes');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      data: null,
      message: 'simulated failure (pve-sim fault injection)\n',
    });
    await pve.control('PUT', '/__sim/faults', {
      match: '^POST ',
      errorMessage: 'got timeout',
      errorStatus: 503,
    });
    expect((await pve.request('GET', '/nodes')).status).toBe(200);
    const post = await pve.request('POST', '/nodes/pve2/lxc/100/status/stop');
    expect([post.status, post.statusText]).toEqual([503, 'got timeout']);
    expect((await pve.control('PUT', '/__sim/faults', { errorRate: 2 })).status).toBe(400);
    expect((await pve.control('PUT', '/__sim/faults', { nope: 1 })).status).toBe(400);
  });

  it('adds latency', async () => {
    await pve.control('PUT', '/__sim/faults', { latencyMs: 200 });
    const started = Date.now();
    expect((await pve.request('GET', '/version')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('hangs: accepts the request and never answers', async () => {
    await pve.control('PUT', '/__sim/faults', { hang: true });
    await expect(
      pve.request('GET', '/version', {}, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(/aborted|timeout/i);
    await pve.control('DELETE', '/__sim/faults');
    expect((await pve.request('GET', '/version')).status).toBe(200);
  });

  it('takes a node down: proxied calls fail with 595, resources show it unknown', async () => {
    await pve.control('PUT', '/__sim/faults', { nodesDown: ['pve2'] });
    const status = await pve.request('GET', '/nodes/pve2/status');
    expect([status.status, status.statusText]).toEqual([595, 'No route to host']);
    expect((await pve.request('GET', '/nodes/pve2/lxc/100/status/current')).status).toBe(595);
    expect((await pve.request('GET', '/nodes/pve1/status')).status).toBe(200);
    const nodes = await pve.data<{ node: string; status: string }[]>('GET', '/nodes');
    expect(nodes.map((node) => [node.node, node.status])).toEqual([
      ['pve1', 'online'],
      ['pve2', 'offline'],
    ]);
    const resources = await pve.data<{ id: string; status: string; cpu?: number }[]>(
      'GET',
      '/cluster/resources',
    );
    expect(resources.find((item) => item.id === 'lxc/100')).toEqual(
      expect.objectContaining({ status: 'unknown' }),
    );
    expect(resources.find((item) => item.id === 'lxc/100')?.cpu).toBeUndefined();
    expect(resources.find((item) => item.id === 'storage/pve2/local-lvm')?.status).toBe('unknown');
  });

  it('refuses connections for a while', async () => {
    const refused = await pve.control('POST', '/__sim/faults/refuse', { durationMs: 400 });
    expect(refused.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${sim.apiUrl}/version`)).rejects.toThrow(/fetch failed/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await pve.request('GET', '/version')).status).toBe(200);
  });

  it('makes the next task of a type fail, with TASK ERROR in the log', async () => {
    await pve.control('PUT', '/__sim/faults', { failTasks: [{ type: 'vzcreate' }] });
    const upid = await pve.data<string>('POST', '/nodes/pve1/lxc', {
      vmid: 150,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    const task = await pve.waitTask(upid);
    expect(task.exitstatus).toBe('simulated vzcreate failure (pve-sim fault injection)');
    expect((await pve.taskLog(upid)).pop()).toBe(
      'TASK ERROR: simulated vzcreate failure (pve-sim fault injection)',
    );
    expect((await pve.request('GET', '/nodes/pve1/lxc/150/config')).status).toBe(500);
    // Consumed: the next create works.
    expect((await pve.createContainer(150)).exitstatus).toBe('OK');
  });

  it('stops a running task on DELETE /nodes/{node}/tasks/{upid}', async () => {
    await pve.control('PUT', '/__sim/faults', { taskLatencyMs: 5000 });
    const upid = await pve.data<string>('POST', '/nodes/pve1/lxc/150/status/start');
    const running = await pve.data<{ status: string }>(
      'GET',
      `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
    );
    expect(running.status).toBe('running');
    expect(await pve.data('DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`)).toBeNull();
    expect((await pve.waitTask(upid)).exitstatus).toBe('received interrupt');
  });

  it('resets everything', async () => {
    await pve.control('PUT', '/__sim/faults', { errorRate: 1, match: '^GET /nodes$' });
    expect((await pve.control('POST', '/__sim/reset')).status).toBe(200);
    expect(await pve.data('GET', '/nodes/pve1/lxc')).toEqual([]);
    expect((await pve.control<{ errorRate: number }>('GET', '/__sim/faults')).body.errorRate).toBe(
      0,
    );
  });
});
