import { GIB } from '../core/sizes';
import type { RunningSimulator } from '../simulator';
import { eventually, expectNoViolations, PveClient, startTestSim } from '../testing/sim-client';

const CT = (vmid: number, rest = '') => `/nodes/pve1/lxc/${vmid}${rest}`;

describe('containers', () => {
  let sim: RunningSimulator;
  let pve: PveClient;

  beforeAll(async () => {
    sim = await startTestSim({
      nodes: ['pve1', { name: 'small', memoryBytes: 4 * GIB, lvmThinBytes: 20 * GIB }],
    });
    pve = PveClient.forSim(sim);
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

  const config = (vmid: number) =>
    pve.data<Record<string, string | number>>('GET', CT(vmid, '/config'));
  const status = (vmid: number) =>
    pve.data<Record<string, unknown>>('GET', CT(vmid, '/status/current'));

  it('creates a container: lock while the task runs, then running with a pool address', async () => {
    await pve.control('PUT', '/__sim/faults', { taskLatencyMs: 300 });
    const upid = await pve.data<string>('POST', '/nodes/pve1/lxc', {
      vmid: 100,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'web1',
      rootfs: 'local-lvm:8',
      cores: 2,
      memory: 1024,
      swap: 512,
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      password: 'secret-password',
      'ssh-public-keys':
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@host',
      start: 1,
    });
    expect(upid).toMatch(
      /^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:vzcreate:100:hostdeck@pve!panel:$/,
    );
    const during = await config(100);
    expect(during['lock']).toBe('create');
    const listed = await pve.data<{ vmid: number; lock?: string; status: string }[]>(
      'GET',
      '/nodes/pve1/lxc',
    );
    expect(listed).toEqual([
      expect.objectContaining({ vmid: 100, lock: 'create', status: 'stopped' }),
    ]);
    const task = await pve.waitTask(upid);
    expect(task).toEqual(
      expect.objectContaining({ exitstatus: 'OK', type: 'vzcreate', id: '100' }),
    );
    const log = await pve.taskLog(upid);
    expect(log[log.length - 1]).toBe('TASK OK');
    expect(log.join('\n')).toContain('extracting archive');

    const after = await config(100);
    expect(after).toEqual(
      expect.objectContaining({
        hostname: 'web1',
        cores: 2,
        memory: 1024,
        swap: 512,
        ostype: 'debian',
        unprivileged: 1,
        rootfs: 'local-lvm:vm-100-disk-0,size=8G',
        net0: expect.stringMatching(
          /^name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth$/,
        ),
        digest: expect.stringMatching(/^[0-9a-f]{40}$/),
      }),
    );
    expect(after['lock']).toBeUndefined();
    expect(after['password']).toBeUndefined();
    const current = await status(100);
    expect(current).toEqual(
      expect.objectContaining({
        status: 'running',
        name: 'web1',
        cpus: 2,
        maxmem: 1024 * 1024 * 1024,
        ha: { managed: 0 },
      }),
    );
    const interfaces = await pve.data<{ name: string; inet?: string }[]>(
      'GET',
      CT(100, '/interfaces'),
    );
    expect(interfaces.find((item) => item.name === 'eth0')?.inet).toBe('10.10.0.10/24');
    const state = await pve.control<{
      containers: { vmid: number; hasPasswordHash: boolean; passwordHash: string }[];
    }>('GET', '/__sim/state');
    expect(state.body.containers[0].hasPasswordHash).toBe(true);
    expect(state.body.containers[0].passwordHash).toMatch(/^\$6\$/);
    expect(JSON.stringify(state.body)).not.toContain('secret-password');
    const match = await pve.control<{ match: boolean }>('POST', '/__sim/verify-password', {
      vmid: 100,
      password: 'secret-password',
    });
    expect(match.body.match).toBe(true);
  });

  it('fails pre-fork checks on the HTTP call itself', async () => {
    const again = await pve.request('POST', CT(100, '/status/start'));
    expect([again.status, again.statusText]).toEqual([500, 'CT 100 already running']);
    const exists = await pve.request('POST', '/nodes/pve1/lxc', {
      vmid: 100,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    });
    expect([exists.status, exists.statusText]).toEqual([
      500,
      "CT 100 already exists on node 'pve1'",
    ]);
    const template = await pve.request('POST', '/nodes/pve1/lxc', {
      vmid: 150,
      ostemplate: 'local:vztmpl/nope.tar.zst',
    });
    expect([template.status, template.statusText]).toEqual([
      500,
      "can't find file 'local:vztmpl/nope.tar.zst'",
    ]);
    const noRootdir = await pve.request('POST', '/nodes/pve1/lxc', {
      vmid: 150,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    });
    expect(noRootdir.statusText).toBe("storage 'local' does not support container directories");
    const destroy = await pve.request('DELETE', CT(100));
    expect([destroy.status, destroy.statusText]).toEqual([
      500,
      'unable to destroy CT 100 - container is running',
    ]);
    const features = await pve.request('PUT', CT(100, '/config'), {
      features: 'nesting=1,keyctl=1',
    });
    expect([features.status, features.statusText]).toEqual([
      403,
      'changing feature flags (except nesting) is only allowed for root@pam',
    ]);
    expect((await pve.request('GET', '/nodes/pve1/lxc/150/status/current')).status).toBe(500);
  });

  it('applies cores and memory synchronously (hot-plugged on a running CT)', async () => {
    const response = await pve.request('PUT', CT(100, '/config'), {
      cores: 4,
      memory: 2048,
      onboot: 1,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: null });
    expect(await config(100)).toEqual(
      expect.objectContaining({ cores: 4, memory: 2048, onboot: 1 }),
    );
    expect(await status(100)).toEqual(
      expect.objectContaining({ cpus: 4, maxmem: 2048 * 1024 * 1024 }),
    );
    // Not hot-pluggable: pending until the next start.
    await pve.data('PUT', CT(100, '/config'), { timezone: 'Europe/Berlin' });
    const pending = await pve.data<{ key: string; pending?: string }[]>('GET', CT(100, '/pending'));
    expect(pending).toContainEqual({ key: 'timezone', pending: 'Europe/Berlin' });
    expect(
      (await pve.data<Record<string, unknown>>('GET', CT(100, '/config'), { current: 1 }))[
        'timezone'
      ],
    ).toBeUndefined();
    const stale = await pve.request('PUT', CT(100, '/config'), {
      cores: 2,
      digest: '0'.repeat(40),
    });
    expect(stale.statusText).toMatch(/^detected modified configuration/);
  });

  it('grows disks only', async () => {
    const grow = await pve.data<string>('PUT', CT(100, '/resize'), { disk: 'rootfs', size: '+2G' });
    expect(grow).toContain(':resize:100:');
    expect((await pve.waitTask(grow)).exitstatus).toBe('OK');
    expect((await config(100))['rootfs']).toBe('local-lvm:vm-100-disk-0,size=10G');
    const absolute = await pve.data<string>('PUT', CT(100, '/resize'), {
      disk: 'rootfs',
      size: '12G',
    });
    expect((await pve.waitTask(absolute)).exitstatus).toBe('OK');
    expect((await status(100))['maxdisk']).toBe(12 * GIB);
    const shrink = await pve.request('PUT', CT(100, '/resize'), { disk: 'rootfs', size: '4G' });
    expect([shrink.status, shrink.statusText]).toEqual([500, 'unable to shrink disk size']);
    const same = await pve.request('PUT', CT(100, '/resize'), { disk: 'rootfs', size: '12G' });
    expect([same.status, same.statusText]).toEqual([500, 'disk is already at specified size']);
    const bad = await pve.request('PUT', CT(100, '/resize'), { disk: 'rootfs', size: 'big' });
    expect(bad.status).toBe(400);
  });

  it('applies snapshot name rules and the lock while a snapshot runs', async () => {
    const reserved = await pve.request('POST', CT(100, '/snapshot'), { snapname: 'current' });
    expect([reserved.status, reserved.statusText]).toEqual([
      500,
      "unable to use snapshot name 'current' (reserved name)",
    ]);
    const vzdump = await pve.request('POST', CT(100, '/snapshot'), { snapname: 'vzdump' });
    expect(vzdump.statusText).toBe("unable to use snapshot name 'vzdump' (reserved name)");
    expect((await pve.request('POST', CT(100, '/snapshot'), { snapname: '1bad' })).status).toBe(
      400,
    );

    await pve.control('PUT', '/__sim/faults', { taskLatencyMs: 500 });
    const upid = await pve.data<string>('POST', CT(100, '/snapshot'), {
      snapname: 'first',
      description: 'before',
    });
    await eventually(
      () => config(100),
      (value) => value['lock'] === 'snapshot',
    );
    // Synchronous refusals while locked.
    const put = await pve.request('PUT', CT(100, '/config'), { cores: 1 });
    expect([put.status, put.statusText]).toEqual([500, 'CT is locked (snapshot)']);
    const resize = await pve.request('PUT', CT(100, '/resize'), { disk: 'rootfs', size: '+1G' });
    expect(resize.statusText).toBe('CT is locked (snapshot)');
    const resources = await pve.data<{ id: string; lock?: string }[]>('GET', '/cluster/resources', {
      type: 'vm',
    });
    expect(resources.find((item) => item.id === 'lxc/100')?.lock).toBe('snapshot');
    // In-task refusals while locked: the call returns a UPID, the task fails.
    await pve.control('PUT', '/__sim/faults', { taskLatencyMs: 0 });
    const stop = await pve.data<string>('POST', CT(100, '/status/stop'));
    const stopTask = await pve.waitTask(stop);
    expect(stopTask.exitstatus).toBe('CT is locked (snapshot)');
    expect((await pve.taskLog(stop)).pop()).toBe('TASK ERROR: CT is locked (snapshot)');
    expect((await pve.waitTask(upid)).exitstatus).toBe('OK');
    expect((await status(100))['status']).toBe('running');

    const duplicate = await pve.data<string>('POST', CT(100, '/snapshot'), { snapname: 'first' });
    expect((await pve.waitTask(duplicate)).exitstatus).toBe("snapshot name 'first' already used");
    const second = await pve.data<string>('POST', CT(100, '/snapshot'), { snapname: 'second' });
    expect((await pve.waitTask(second)).exitstatus).toBe('OK');

    const list = await pve.data<Record<string, unknown>[]>('GET', CT(100, '/snapshot'));
    expect(list).toEqual([
      { name: 'first', description: 'before', snaptime: expect.any(Number) },
      { name: 'second', description: '', snaptime: expect.any(Number), parent: 'first' },
      {
        name: 'current',
        description: 'You are here!',
        running: 1,
        digest: expect.any(String),
        parent: 'second',
      },
    ]);
    const snapConfig = await pve.data<Record<string, unknown>>(
      'GET',
      CT(100, '/snapshot/first/config'),
    );
    expect(snapConfig).toEqual(expect.objectContaining({ cores: 4, description: 'before' }));
    expect(
      await pve.data('PUT', CT(100, '/snapshot/first/config'), { description: 'renamed' }),
    ).toBeNull();
  });

  it('rolls back: stops a running CT, restores the config, starts again with start=1', async () => {
    await pve.data('PUT', CT(100, '/config'), { cores: 1, memory: 512 });
    const rollback = await pve.data<string>('POST', CT(100, '/snapshot/first/rollback'));
    expect((await pve.waitTask(rollback)).exitstatus).toBe('OK');
    expect(await config(100)).toEqual(
      expect.objectContaining({ cores: 4, memory: 2048, parent: 'first' }),
    );
    expect((await status(100))['status']).toBe('stopped');
    const withStart = await pve.data<string>('POST', CT(100, '/snapshot/second/rollback'), {
      start: 1,
    });
    expect((await pve.waitTask(withStart)).exitstatus).toBe('OK');
    expect((await status(100))['status']).toBe('running');
    const missing = await pve.data<string>('POST', CT(100, '/snapshot/nope/rollback'));
    expect((await pve.waitTask(missing)).exitstatus).toBe("snapshot 'nope' does not exist");
  });

  it('deletes snapshots and re-links the parent chain', async () => {
    const upid = await pve.data<string>('DELETE', CT(100, '/snapshot/first'));
    expect((await pve.waitTask(upid)).exitstatus).toBe('OK');
    const list = await pve.data<{ name: string; parent?: string }[]>('GET', CT(100, '/snapshot'));
    expect(list.map((item) => [item.name, item.parent])).toEqual([
      ['second', undefined],
      ['current', 'second'],
    ]);
    await pve.control('PUT', '/__sim/faults', {
      failTasks: [{ type: 'vzdelsnapshot', message: 'lvremove failed' }],
    });
    const failing = await pve.data<string>('DELETE', CT(100, '/snapshot/second'));
    expect((await pve.waitTask(failing)).exitstatus).toBe('lvremove failed');
    expect((await pve.data<unknown[]>('GET', CT(100, '/snapshot'))).length).toBe(2);
    await pve.control('PUT', '/__sim/faults', {
      failTasks: [{ type: 'vzdelsnapshot', message: 'lvremove failed' }],
    });
    const forced = await pve.data<string>('DELETE', CT(100, '/snapshot/second'), { force: 1 });
    expect((await pve.waitTask(forced)).exitstatus).toBe('OK');
    expect(
      (await pve.data<{ name: string }[]>('GET', CT(100, '/snapshot'))).map((s) => s.name),
    ).toEqual(['current']);
  });

  it('power actions: shutdown, start, reboot, stop; stopped CTs have no interfaces', async () => {
    const shutdown = await pve.data<string>('POST', CT(100, '/status/shutdown'));
    expect((await pve.waitTask(shutdown)).exitstatus).toBe('OK');
    const notRunning = await pve.request('POST', CT(100, '/status/stop'));
    expect(notRunning.statusText).toBe('CT 100 not running');
    const reboot = await pve.request('POST', CT(100, '/status/reboot'));
    expect(reboot.statusText).toBe('VM 100 not running');
    expect(await pve.data('GET', CT(100, '/interfaces'))).toBeNull();
    const start = await pve.data<string>('POST', CT(100, '/status/start'));
    expect((await pve.waitTask(start)).exitstatus).toBe('OK');
    const stats = await status(100);
    expect(stats['uptime']).toEqual(expect.any(Number));
    const reboot2 = await pve.data<string>('POST', CT(100, '/status/reboot'));
    expect((await pve.waitTask(reboot2)).exitstatus).toBe('OK');
  });

  it('fails a start inside the task when injected, leaving the CT stopped', async () => {
    const stop = await pve.data<string>('POST', CT(100, '/status/stop'));
    await pve.waitTask(stop);
    await pve.control('PUT', '/__sim/faults', {
      failTasks: [{ type: 'vzstart', vmid: 100, message: "startup for container '100' failed" }],
    });
    const start = await pve.data<string>('POST', CT(100, '/status/start'));
    expect((await pve.waitTask(start)).exitstatus).toBe("startup for container '100' failed");
    expect((await status(100))['status']).toBe('stopped');
  });

  it('fails creation when the node runs out of storage or memory (task error), removing the config', async () => {
    const disk = await pve.data<string>('POST', '/nodes/small/lxc', {
      vmid: 300,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:32',
    });
    const diskTask = await pve.waitTask(disk);
    expect(diskTask.exitstatus).toMatch(
      /^unable to create CT 300 - lvcreate 'pve\/vm-300-disk-0' error: .*insufficient free space/,
    );
    expect((await pve.request('GET', '/nodes/small/lxc/300/config')).status).toBe(500);
    const memory = await pve.data<string>('POST', '/nodes/small/lxc', {
      vmid: 301,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
      memory: 8192,
    });
    expect((await pve.waitTask(memory)).exitstatus).toMatch(
      /^unable to create CT 301 - not enough memory on node 'small'/,
    );
    const resize = await pve.createContainer(302, { rootfs: 'local-lvm:10' }, 'small');
    expect(resize.exitstatus).toBe('OK');
    const grow = await pve.data<string>('PUT', '/nodes/small/lxc/302/resize', {
      disk: 'rootfs',
      size: '+50G',
    });
    expect((await pve.waitTask(grow)).exitstatus).toMatch(/^lvextend .* Insufficient free space/);
  });

  it('lists tasks of a node with filters and total', async () => {
    const response = await pve.request<{ type: string; status?: string }[]>(
      'GET',
      '/nodes/pve1/tasks',
      {
        vmid: 100,
        typefilter: 'vzsnapshot',
        limit: 2,
      },
    );
    expect(response.body?.total).toBe(3);
    expect(response.body?.data).toHaveLength(2);
    const errors = await pve.data<{ status: string }[]>('GET', '/nodes/pve1/tasks', { errors: 1 });
    expect(errors.every((task) => task.status !== 'OK')).toBe(true);
    const cluster = await pve.data<{ upid: string }[]>('GET', '/cluster/tasks');
    expect(cluster.length).toBeGreaterThan(10);
  });

  it('destroys a stopped container (purge) and frees its address', async () => {
    const upid = await pve.data<string>('DELETE', CT(100), { purge: 1 });
    expect((await pve.waitTask(upid)).exitstatus).toBe('OK');
    expect((await pve.request('GET', CT(100, '/config'))).status).toBe(500);
    await pve.createContainer(101, { start: 1 });
    const interfaces = await pve.data<{ name: string; inet?: string }[]>(
      'GET',
      CT(101, '/interfaces'),
    );
    expect(interfaces.find((item) => item.name === 'eth0')?.inet).toBe('10.10.0.10/24');
    await pve.data('PUT', CT(101, '/config'), { protection: 1 });
    const stop = await pve.data<string>('POST', CT(101, '/status/stop'));
    await pve.waitTask(stop);
    const protectedDelete = await pve.request('DELETE', CT(101));
    expect(protectedDelete.statusText).toBe("can't remove CT 101 - protection mode enabled");
  });

  it('serves rrddata at PVE 9 resolutions and pinned load shows up everywhere', async () => {
    const start = await pve.data<string>('POST', CT(101, '/status/start'));
    await pve.waitTask(start);
    const hour = await pve.data<{ time: number; cpu?: number; netin?: number }[]>(
      'GET',
      CT(101, '/rrddata'),
      {
        timeframe: 'hour',
      },
    );
    expect(hour).toHaveLength(60);
    expect(hour[1].time - hour[0].time).toBe(60);
    const week = await pve.data<{ time: number }[]>('GET', CT(101, '/rrddata'), {
      timeframe: 'week',
      cf: 'MAX',
    });
    expect(week).toHaveLength(336);
    expect(week[1].time - week[0].time).toBe(1800);
    const pin = await pve.control('POST', '/__sim/load', { vmid: 101, cpu: 0.95, mem: 0.9 });
    expect(pin.status).toBe(200);
    expect((await status(101))['cpu']).toBe(0.95);
    const resources = await pve.data<{ id: string; cpu: number; mem: number; maxmem: number }[]>(
      'GET',
      '/cluster/resources',
      { type: 'vm' },
    );
    const entry = resources.find((item) => item.id === 'lxc/101');
    expect(entry?.cpu).toBe(0.95);
    expect(entry?.mem).toBe(Math.round((entry?.maxmem ?? 0) * 0.9));
    await pve.control('DELETE', '/__sim/load/101');
    expect((await status(101))['cpu']).not.toBe(0.95);
  });
});
