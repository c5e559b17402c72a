import type { LivenessResponse, ReadinessResponse } from '@hostdeck/contracts';
import { io } from 'socket.io-client';

import { GracefulShutdown } from '../src/modules/health/graceful-shutdown';
import { sleep } from '../src/testing/eventually';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

describe.each(databaseKinds())('liveness, readiness and the graceful shutdown (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers live and ready without a token once migrations are done', async () => {
    const live = await http<LivenessResponse>(t.baseUrl, 'GET', '/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await http<ReadinessResponse>(t.baseUrl, 'GET', '/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { database: 'up', migrations: 'done', lifecycle: 'serving' },
    });
    // The full report keeps its shape.
    expect((await http(t.baseUrl, 'GET', '/api/health')).status).toBe(200);
  });

  it('drains on shutdown: readiness 503 while serving, then no new connections, sockets closed, code 0', async () => {
    // Installed first, as main.ts does, so it sees every connection. It runs everything but
    // Nest's own close, which afterAll does (with the scratch database's removal).
    const app = Object.create(t.app, { close: { value: () => Promise.resolve() } }) as typeof t.app;
    const shutdown = new GracefulShutdown(app, [], { drainMs: 800, graceMs: 20_000 });
    const customer = await newCustomer(t);
    const socket = io(t.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: customer.token },
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const exitCode = shutdown.run('test');
    await sleep(100);

    const draining = await http<ReadinessResponse>(t.baseUrl, 'GET', '/api/health/ready');
    expect(draining.status).toBe(503);
    expect(draining.body.checks.lifecycle).toBe('draining');
    // Everything else is still served during the drain.
    expect((await http(t.baseUrl, 'GET', '/api/health/live')).status).toBe(200);
    expect((await http(t.baseUrl, 'GET', '/api/server', { token: customer.token })).status).toBe(
      200,
    );

    expect(await exitCode).toBe(0);
    // A transport close (not "io server disconnect"): Socket.IO clients reconnect on their own.
    expect(await disconnected).toBe('transport close');
    await expect(fetch(`${t.baseUrl}/api/health/live`)).rejects.toThrow();
    socket.close();
  });
});
