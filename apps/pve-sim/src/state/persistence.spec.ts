import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { eventually, PveClient, startTestSim } from '../testing/sim-client';

describe('persistence', () => {
  it('keeps containers, snapshots, tasks, tickets and the host key across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'pve-sim-state-')), 'nested', 'state.json');
    const first = await startTestSim({ stateFile, ssh: { port: 0 } });
    const pve = PveClient.forSim(first);
    await pve.createContainer(100, { start: 1, hostname: 'kept' });
    await pve.createContainer(101);
    const snap = await pve.data<string>('POST', '/nodes/pve1/lxc/100/snapshot', {
      snapname: 'keep',
    });
    await pve.waitTask(snap);
    const login = await pve
      .withAuth({ kind: 'none' })
      .data<{ ticket: string }>('POST', '/access/ticket', {
        username: 'hostdeck-console@pve',
        password: 'console-password',
      });
    const before = await pve.control<{ containers: { passwordHash: string }[] }>(
      'GET',
      '/__sim/state',
    );
    // An unfinished create does not survive: its task dies with the process.
    await pve.control('PUT', '/__sim/faults', { taskLatencyMs: 10_000 });
    await pve.data('POST', '/nodes/pve1/lxc', {
      vmid: 102,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    const fingerprint = first.sshHostKeyFingerprint;
    await first.close();
    expect(existsSync(stateFile)).toBe(true);
    expect(readFileSync(stateFile, 'utf8')).not.toContain('initial-password');

    const second = await startTestSim({ stateFile, ssh: { port: 0 } });
    try {
      const again = PveClient.forSim(second);
      const list = await again.data<{ vmid: number; status: string; name: string }[]>(
        'GET',
        '/nodes/pve1/lxc',
      );
      expect(list.map((ct) => [ct.vmid, ct.status, ct.name])).toEqual([
        [100, 'running', 'kept'],
        [101, 'stopped', 'ct101'],
      ]);
      const snapshots = await again.data<{ name: string }[]>('GET', '/nodes/pve1/lxc/100/snapshot');
      expect(snapshots.map((item) => item.name)).toEqual(['keep', 'current']);
      const after = await again.control<{ containers: { passwordHash: string }[] }>(
        'GET',
        '/__sim/state',
      );
      expect(after.body.containers[0].passwordHash).toBe(before.body.containers[0].passwordHash);
      const tasks = await again.data<{ type: string }[]>('GET', '/nodes/pve1/tasks', {
        limit: 100,
      });
      expect(tasks.map((task) => task.type)).toEqual(
        expect.arrayContaining(['vzcreate', 'vzsnapshot']),
      );
      const ticket = await again
        .withAuth({ kind: 'ticket', ticket: login.ticket })
        .request('GET', '/nodes');
      expect(ticket.status).toBe(200);
      expect(second.sshHostKeyFingerprint).toBe(fingerprint);
      // Changes keep being written.
      await again.createContainer(103);
      await eventually(
        async () => readFileSync(stateFile, 'utf8'),
        (text) => text.includes('"vmid": 103'),
      );
    } finally {
      await second.close();
    }
  });
});

describe('determinism', () => {
  it('gives the same MACs, load and rrd data for the same seed, different ones otherwise', async () => {
    const sims = await Promise.all([7, 7, 8].map((seed) => startTestSim({ seed })));
    try {
      const results = await Promise.all(
        sims.map(async (sim) => {
          const pve = PveClient.forSim(sim);
          await pve.createContainer(100, { start: 1 });
          const config = await pve.data<{ net0: string }>('GET', '/nodes/pve1/lxc/100/config');
          const rrd = await pve.data<{ time: number; cpu?: number; netin?: number }[]>(
            'GET',
            '/nodes/pve1/lxc/100/rrddata',
            { timeframe: 'day' },
          );
          return { net0: config.net0, rrd: rrd.slice(0, 1000) };
        }),
      );
      expect(results[0].net0).toBe(results[1].net0);
      expect(results[0].net0).not.toBe(results[2].net0);
      const times = (index: number) => results[index].rrd.map((row) => row.time);
      if (times(0)[0] === times(1)[0]) expect(results[0].rrd).toEqual(results[1].rrd);
      expect(results[0].rrd[500].cpu).not.toBe(results[2].rrd[500].cpu);
      expect(results[0].rrd[500].cpu).toBeGreaterThan(0);
    } finally {
      await Promise.all(sims.map((sim) => sim.close()));
    }
  });
});
