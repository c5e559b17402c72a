import { optionsFromEnv, parseTaskFailures } from './env-options';
import { DEFAULT_SIM_TOKEN, resolveOptions } from './options';

describe('optionsFromEnv', () => {
  it('uses the documented defaults', () => {
    const options = optionsFromEnv({});
    expect(options).toEqual(
      expect.objectContaining({
        host: '127.0.0.1',
        port: 8006,
        nodes: ['pve1'],
        tokens: [DEFAULT_SIM_TOKEN],
        users: ['hostdeck-console@pve:console-password'],
        taskDurationScale: 1,
        authFailureDelayMs: 3000,
        strict: false,
      }),
    );
    expect(DEFAULT_SIM_TOKEN).toMatch(/^hostdeck@pve!panel=[0-9a-f-]{36}$/);
    const resolved = resolveOptions(options);
    expect(resolved.users).toEqual([
      { userid: 'hostdeck-console@pve', password: 'console-password', role: 'console' },
    ]);
    expect(resolved.ipPool).toEqual({ cidr: '10.10.0.0/24', firstHost: 10, gatewayHost: 1 });
  });

  it('reads every PVE_SIM_* variable', () => {
    const options = optionsFromEnv({
      PVE_SIM_HOST: '0.0.0.0',
      PVE_SIM_PORT: '0',
      PVE_SIM_NODES: 'pve1, pve2',
      PVE_SIM_TOKEN: 'root@pam!ci=abc',
      PVE_SIM_USERS: 'a@pve:pw:with:colons,b@pve:x:admin',
      PVE_SIM_SSH_PORT: '0',
      PVE_SIM_SSH_AUTHORIZED_KEYS: '/tmp/keys',
      PVE_SIM_TASK_SCALE: '0.5',
      PVE_SIM_AUTH_DELAY_MS: '0',
      PVE_SIM_SEED: '42',
      PVE_SIM_STATE_FILE: '/tmp/state.json',
      PVE_SIM_STRICT: '1',
      PVE_SIM_FAULT_ERROR_RATE: '0.25',
      PVE_SIM_FAULT_NODES_DOWN: 'pve2',
      PVE_SIM_FAULT_FAIL_TASKS: 'vzstart@101=boom;vzcreate',
    });
    const resolved = resolveOptions(options);
    expect(resolved.nodes.map((node) => node.name)).toEqual(['pve1', 'pve2']);
    expect(resolved.tokens).toEqual([{ tokenId: 'root@pam!ci', secret: 'abc', role: 'admin' }]);
    expect(resolved.users).toEqual([
      { userid: 'a@pve', password: 'pw:with:colons', role: 'console' },
      { userid: 'b@pve', password: 'x', role: 'admin' },
    ]);
    expect(resolved.ssh).toEqual(
      expect.objectContaining({ port: 0, authorizedKeysFile: '/tmp/keys' }),
    );
    expect(resolved).toEqual(
      expect.objectContaining({
        host: '0.0.0.0',
        port: 0,
        taskDurationScale: 0.5,
        authFailureDelayMs: 0,
        seed: 42,
        stateFile: '/tmp/state.json',
        strict: true,
      }),
    );
    expect(resolved.faults).toEqual({
      errorRate: 0.25,
      nodesDown: ['pve2'],
      failTasks: [{ type: 'vzstart', vmid: 101, message: 'boom' }, { type: 'vzcreate' }],
    });
  });

  it('names the offending variables', () => {
    expect(() => optionsFromEnv({ PVE_SIM_PORT: 'x', PVE_SIM_STRICT: 'maybe' })).toThrow(
      /PVE_SIM_PORT=x.*PVE_SIM_STRICT=maybe/,
    );
    expect(() => resolveOptions(optionsFromEnv({ PVE_SIM_TOKEN: 'nope' }))).toThrow(
      /invalid token/,
    );
    expect(parseTaskFailures('vzstop')).toEqual([{ type: 'vzstop' }]);
  });
});
