import type { CreateServerResponse, LoginResponse, ServerView } from '@hostdeck/contracts';

import { eventually } from '../src/testing/eventually';
import { databaseKinds, http, newCustomer, startTestApp, TestApp } from '../src/testing/test-app';

describe.each(databaseKinds())('the admin area’s list of every server on %s', (kind) => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const login = await http<LoginResponse>(t.baseUrl, 'POST', '/api/auth/login', {
      body: t.admin,
    });
    adminToken = login.body.accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every customer’s servers for staff, filtered by owner, status and node; customers are refused', async () => {
    const alice = await newCustomer(t, 100_000);
    const bob = await newCustomer(t, 100_000);
    const created = await Promise.all(
      [alice, bob].map((owner) =>
        http<CreateServerResponse>(t.baseUrl, 'POST', '/api/server/create', {
          token: owner.token,
          body: { tariffId: 1, osId: 1 },
        }),
      ),
    );
    expect(created.map((answer) => answer.status)).toEqual([202, 202]);
    const ids = created.map((answer) => answer.body.server.id);
    const all = await eventually(
      () => http<ServerView[]>(t.baseUrl, 'GET', '/api/admin/servers', { token: adminToken }),
      (answer) =>
        ids.every((id) => answer.body.find((server) => server.id === id)?.status === 'running'),
      30_000,
    );
    expect(all.status).toBe(200);

    const onlyBob = await http<ServerView[]>(
      t.baseUrl,
      'GET',
      `/api/admin/servers?ownerId=${bob.id}`,
      { token: adminToken },
    );
    expect(onlyBob.body.map((server) => server.id)).toEqual([ids[1]]);
    // Staff see whose server it is, and a create's 202 already names the owner too.
    expect(onlyBob.body[0].ownerEmail).toBe(bob.email);
    expect(created[0].body.server.ownerEmail).toBe(alice.email);
    // Staff find a customer's servers by (part of) the email; a customer's search stays on
    // hostnames and addresses.
    const byEmail = await http<ServerView[]>(
      t.baseUrl,
      'GET',
      `/api/admin/servers?search=${encodeURIComponent(bob.email.toUpperCase())}`,
      { token: adminToken },
    );
    expect(byEmail.body.map((server) => server.id)).toEqual([ids[1]]);
    const ownSearch = await http<ServerView[]>(
      t.baseUrl,
      'GET',
      `/api/server?search=${encodeURIComponent(bob.email)}`,
      { token: bob.token },
    );
    expect(ownSearch.status).toBe(200);
    expect(ownSearch.body).toEqual([]);
    const node = all.body.find((server) => server.id === ids[0])?.node as string;
    const onNode = await http<ServerView[]>(
      t.baseUrl,
      'GET',
      `/api/admin/servers?node=${node}&status=running`,
      { token: adminToken },
    );
    expect(onNode.body.every((server) => server.node === node && server.status === 'running')).toBe(
      true,
    );
    const stopped = await http<ServerView[]>(
      t.baseUrl,
      'GET',
      '/api/admin/servers?status=stopped',
      {
        token: adminToken,
      },
    );
    expect(stopped.body.map((server) => server.id)).not.toContain(ids[0]);

    expect(
      (await http(t.baseUrl, 'GET', '/api/admin/servers', { token: alice.token })).status,
    ).toBe(403);
    expect((await http(t.baseUrl, 'GET', '/api/admin/servers')).status).toBe(401);
    expect(
      (await http(t.baseUrl, 'GET', '/api/admin/servers?status=exploded', { token: adminToken }))
        .status,
    ).toBe(400);
  });
});
