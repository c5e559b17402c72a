import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PveSchema } from './pve-schema';
import { formatUpid, parseUpid } from './upid';

const sut = new PveSchema();
const CREATE = '/nodes/{node}/lxc';

describe('PveSchema', () => {
  it('is a byte-identical copy of the shared official schema', () => {
    const shared = join(__dirname, '../../../../../shared/proxmox/pve-api-subset.json');
    if (!existsSync(shared)) return; // Only beside the workspace; the copy is what ships.
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(digest(join(__dirname, '../pve-api-subset.json'))).toBe(digest(shared));
  });

  it('matches concrete paths to templates and decodes placeholders', () => {
    const upid = 'UPID:pve1:00001234:00ABCDEF:6745A1B2:vzstart:100:hostdeck@pve!panel:';
    const match = sut.match('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
    expect(match?.template).toBe('/nodes/{node}/tasks/{upid}/status');
    expect(match?.pathParams).toEqual({ node: 'pve1', upid });
    expect(sut.match('GET', '/nodes/pve1/lxc/100/snapshot/before-upgrade/config')?.template).toBe(
      '/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/config',
    );
    expect(sut.match('POST', '/nodes/pve1/lxc/100/exec')).toBeUndefined();
  });

  it('accepts a typical create request with form-encoded strings', () => {
    const result = sut.validateRequest('POST', CREATE, {
      node: 'pve1',
      vmid: '101',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'web1.example.com',
      rootfs: 'local-lvm:8',
      memory: '1024',
      cores: '2',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp,ip6=auto,firewall=1',
      unprivileged: '1',
      start: 'true',
      password: 'secret123',
    });
    expect(result).toEqual({ ok: true });
  });

  it('names each bad parameter like pveproxy does', () => {
    const result = sut.validateRequest('POST', CREATE, {
      node: 'pve1',
      vmid: '50',
      hostname: 'bad_name!',
      color: 'red',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['color', 'hostname', 'ostemplate', 'vmid']);
    expect(result.errors['ostemplate']).toBe('property is missing and it is not optional');
  });

  it('checks property strings key by key', () => {
    const unknownKey = sut.validateRequest('POST', CREATE, {
      node: 'pve1',
      vmid: 101,
      ostemplate: 'local:vztmpl/x.tar.zst',
      net0: 'name=eth0,colour=blue',
    });
    expect(unknownKey).toEqual({
      ok: false,
      errors: { net0: "invalid format - unknown key 'colour'" },
    });
    const badIp = sut.validateRequest('POST', CREATE, {
      node: 'pve1',
      vmid: 101,
      ostemplate: 'local:vztmpl/x.tar.zst',
      net0: 'name=eth0,ip=999.1.1.1/24',
    });
    expect(badIp.ok).toBe(false);
  });

  it('applies snapshot name rules (pve-configid, max 40)', () => {
    const template = '/nodes/{node}/lxc/{vmid}/snapshot';
    expect(
      sut.validateRequest('POST', template, {
        node: 'pve1',
        vmid: 100,
        snapname: 'before-upgrade',
      }),
    ).toEqual({ ok: true });
    expect(
      sut.validateRequest('POST', template, { node: 'pve1', vmid: 100, snapname: '1st' }).ok,
    ).toBe(false);
    expect(
      sut.validateRequest('POST', template, { node: 'pve1', vmid: 100, snapname: 'a'.repeat(41) })
        .ok,
    ).toBe(false);
  });

  it('accepts booleans in every spelling pveproxy accepts and rejects others', () => {
    const template = '/nodes/{node}/lxc/{vmid}/status/shutdown';
    for (const value of ['1', '0', 'true', 'off', 1, true]) {
      expect(
        sut.validateRequest('POST', template, { node: 'pve1', vmid: 100, forceStop: value }),
      ).toEqual({ ok: true });
    }
    expect(
      sut.validateRequest('POST', template, { node: 'pve1', vmid: 100, forceStop: 'maybe' }).ok,
    ).toBe(false);
  });

  it('validates responses, tolerating quoted numbers and 0/1 booleans', () => {
    expect(sut.validateResponse('GET', '/cluster/nextid', '101')).toEqual({ ok: true });
    expect(sut.validateResponse('GET', '/cluster/nextid', 101)).toEqual({ ok: true });
    expect(
      sut.validateResponse('GET', '/nodes/{node}/tasks/{upid}/status', {
        status: 'stopped',
        exitstatus: 'OK',
        id: '100',
        node: 'pve1',
        pid: 1,
        pstart: 2,
        starttime: 3,
        type: 'vzstart',
        user: 'root@pam',
      }),
    ).toEqual({ ok: false, errors: { upid: 'property is missing and it is not optional' } });
    expect(sut.validateResponse('POST', '/nodes/{node}/lxc/{vmid}/status/start', 'UPID:x')).toEqual(
      { ok: true },
    );
    expect(sut.validateResponse('PUT', '/nodes/{node}/lxc/{vmid}/config', null)).toEqual({
      ok: true,
    });
    expect(sut.validateResponse('PUT', '/nodes/{node}/lxc/{vmid}/config', 'x').ok).toBe(false);
  });

  it('lists the 40 methods of the subset', () => {
    expect(sut.listMethods()).toHaveLength(40);
  });
});

describe('UPID', () => {
  it('round-trips the Proxmox format, trailing colon included', () => {
    const upid = {
      node: 'pve1',
      pid: 0x1234,
      pstart: 0xabcdef,
      starttime: 0x6745a1b2,
      type: 'vzcreate',
      id: '101',
      user: 'hostdeck@pve!panel',
    };
    const text = formatUpid(upid);
    expect(text).toBe('UPID:pve1:00001234:00ABCDEF:6745A1B2:vzcreate:101:hostdeck@pve!panel:');
    expect(parseUpid(text)).toEqual(upid);
    expect(parseUpid('UPID:pve1:nothex')).toBeUndefined();
  });
});
