import type { RunningSimulator } from '../simulator';
import { expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

describe('pve-sim HTTP API basics', () => {
  let sim: RunningSimulator;
  let pve: PveClient;

  beforeAll(async () => {
    sim = await startTestSim({ nodes: ['pve1', 'pve2'], authFailureDelayMs: 150 });
    pve = PveClient.forSim(sim);
  });

  afterAll(async () => {
    try {
      await expectNoViolations(pve);
    } finally {
      await sim.close();
    }
  });

  it('answers in the {data} envelope with pveproxy headers', async () => {
    const response = await fetch(`${sim.apiUrl}/version`, {
      headers: { authorization: `PVEAPIToken=${sim.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('server')).toBe('pve-api-daemon/3.0');
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await response.json()).toEqual({
      data: { version: '9.1.3', release: '9.1', repoid: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
  });

  it('refuses missing and bad credentials with a delayed plain-text 401', async () => {
    const started = Date.now();
    const none = await pve.withAuth({ kind: 'none' }).request('GET', '/version');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect([none.status, none.statusText, none.text]).toEqual([401, 'No ticket', 'No ticket']);
    const bad = await pve
      .withAuth({ kind: 'token', token: 'hostdeck@pve!panel=not-the-secret' })
      .request('GET', '/nodes');
    expect([bad.status, bad.statusText]).toEqual([401, 'Authentication failed!']);
    const unknownPath = await pve.withAuth({ kind: 'none' }).request('GET', '/nodes/pve1/nothing');
    expect(unknownPath.status).toBe(401);
  });

  it('answers unknown methods with 501 like pveproxy', async () => {
    const response = await pve.request('POST', '/nodes/x/lxc/210/exec', { command: 'id' });
    expect(response.status).toBe(501);
    expect(response.statusText).toBe("Method 'POST /nodes/x/lxc/210/exec' not implemented");
    expect(response.body).toEqual({
      data: null,
      message: "Method 'POST /nodes/x/lxc/210/exec' not implemented\n",
    });
    expect((await pve.request('PUT', '/version')).status).toBe(501);
  });

  it('validates parameters with the schema (400 Parameter verification failed.)', async () => {
    const response = await pve.request('GET', '/nodes/pve1/lxc/100/rrddata', {
      timeframe: 'decade',
    });
    expect(response.status).toBe(400);
    expect(response.statusText).toBe('Parameter verification failed.');
    expect(response.body).toEqual({
      data: null,
      errors: { timeframe: expect.any(String) },
      message: 'Parameter verification failed.\n',
    });
    const unknown = await pve.request('GET', '/cluster/resources', { bogus: 1 });
    expect(unknown.body?.errors).toEqual({
      bogus: expect.stringContaining('not defined in schema'),
    });
  });

  it('rejects a path parameter repeated with another value', async () => {
    const response = await pve.request('GET', '/nodes/pve1/lxc/100/config', { vmid: 101 });
    expect(response.status).toBe(400);
    expect(response.body?.errors).toEqual({
      vmid: 'duplicate parameter (already defined in URI) with conflicting values!',
    });
  });

  it('reports a missing container as 500 with the config-file message', async () => {
    const response = await pve.request('GET', '/nodes/pve1/lxc/123/config');
    expect(response.status).toBe(500);
    expect(response.statusText).toBe("Configuration file 'nodes/pve1/lxc/123.conf' does not exist");
    expect(response.body).toEqual({
      data: null,
      message: "Configuration file 'nodes/pve1/lxc/123.conf' does not exist\n",
    });
    const node = await pve.request('GET', '/nodes/nope/status');
    expect(node.status).toBe(500);
    expect(node.statusText).toMatch(/^hostname lookup 'nope' failed/);
  });

  it('lists nodes with finite resources and their status', async () => {
    const nodes = await pve.data<
      { node: string; status: string; maxcpu: number; maxmem: number }[]
    >('GET', '/nodes');
    expect(nodes.map((node) => [node.node, node.status])).toEqual([
      ['pve1', 'online'],
      ['pve2', 'online'],
    ]);
    const status = await pve.data<{
      cpu: number;
      memory: { total: number; used: number };
      rootfs: { total: number };
      uptime: number;
    }>('GET', '/nodes/pve2/status');
    expect(status.cpu).toBeGreaterThanOrEqual(0);
    expect(status.cpu).toBeLessThanOrEqual(1);
    expect(status.memory.total).toBe(64 * 1024 ** 3);
    expect(status.uptime).toBeGreaterThan(86_400);
  });

  it('suggests the next VMID as a quoted string and refuses a taken one', async () => {
    expect(await pve.data('GET', '/cluster/nextid')).toBe('100');
    expect(await pve.data('GET', '/cluster/nextid', { vmid: 150 })).toBe('150');
    await pve.createContainer(100);
    expect(await pve.data('GET', '/cluster/nextid')).toBe('101');
    const taken = await pve.request('GET', '/cluster/nextid', { vmid: 100 });
    expect(taken.status).toBe(400);
    expect(taken.body?.errors).toEqual({ vmid: 'VM 100 already exists' });
  });

  it('filters /cluster/resources by type', async () => {
    const all = await pve.data<{ id: string; type: string }[]>('GET', '/cluster/resources');
    expect(new Set(all.map((item) => item.type))).toEqual(
      new Set(['node', 'storage', 'lxc', 'sdn']),
    );
    const vms = await pve.data<{ id: string; type: string; vmid: number }[]>(
      'GET',
      '/cluster/resources',
      {
        type: 'vm',
      },
    );
    expect(vms).toEqual([expect.objectContaining({ id: 'lxc/100', type: 'lxc', vmid: 100 })]);
    const storage = await pve.data<{ id: string }[]>('GET', '/cluster/resources', {
      type: 'storage',
    });
    expect(storage.map((item) => item.id)).toContain('storage/pve2/local-lvm');
  });

  it('lists the seeded templates and the appliance index, and downloads one', async () => {
    const templates = await pve.data<{ volid: string; content: string }[]>(
      'GET',
      '/nodes/pve1/storage/local/content',
      { content: 'vztmpl' },
    );
    expect(templates.map((item) => item.volid).sort()).toEqual([
      'local:vztmpl/almalinux-9-default_20240911_amd64.tar.xz',
      'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
    ]);
    const appliances = await pve.data<{ template: string }[]>('GET', '/nodes/pve1/aplinfo');
    expect(appliances.map((item) => item.template)).toContain(
      'alpine-3.22-default_20250617_amd64.tar.xz',
    );
    const upid = await pve.data<string>('POST', '/nodes/pve1/aplinfo', {
      storage: 'local',
      template: 'alpine-3.22-default_20250617_amd64.tar.xz',
    });
    expect((await pve.waitTask(upid)).exitstatus).toBe('OK');
    const after = await pve.data<{ volid: string }[]>('GET', '/nodes/pve1/storage/local/content');
    expect(after.map((item) => item.volid)).toContain(
      'local:vztmpl/alpine-3.22-default_20250617_amd64.tar.xz',
    );
    const disks = await pve.data<{ volid: string; vmid: number }[]>(
      'GET',
      '/nodes/pve1/storage/local-lvm/content',
    );
    expect(disks).toEqual([
      expect.objectContaining({ volid: 'local-lvm:vm-100-disk-0', vmid: 100 }),
    ]);
    const storages = await pve.data<{ storage: string }[]>('GET', '/nodes/pve1/storage', {
      content: 'rootdir',
    });
    expect(storages.map((item) => item.storage)).toEqual(['local-lvm']);
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const upid = await pve.request<string>(
      'POST',
      '/nodes/pve2/lxc',
      {
        vmid: 200,
        ostemplate: 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
        rootfs: 'local-lvm:4',
        start: true,
      },
      { json: true },
    );
    expect(upid.status).toBe(200);
    expect((await pve.waitTask(upid.body?.data ?? '')).exitstatus).toBe('OK');
    const status = await pve.data<{ status: string; name: string }>(
      'GET',
      '/nodes/pve2/lxc/200/status/current',
    );
    expect(status).toEqual(expect.objectContaining({ status: 'running', name: 'CT200' }));
  });

  it('guards the control endpoints with the API token', async () => {
    const response = await fetch(`${new URL(sim.apiUrl).origin}/__sim/state`);
    expect(response.status).toBe(401);
    const state = await pve.control<{ containers: { vmid: number }[] }>('GET', '/__sim/state');
    expect(state.body.containers.map((ct) => ct.vmid)).toEqual([100, 200]);
  });
});
