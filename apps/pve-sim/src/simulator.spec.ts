import { DEFAULT_SIM_TOKEN, RunningSimulator, startSimulator } from './simulator';

describe('pve-sim', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ nodes: ['pve1', 'pve2'] });
  });

  afterAll(() => sim.close());

  it('refuses a request without the API token like Proxmox (401)', async () => {
    const response = await fetch(`${sim.url}/version`);
    expect(response.status).toBe(401);
  });

  it('answers the version inside the data envelope', async () => {
    const response = await fetch(`${sim.url}/version`, {
      headers: { authorization: `PVEAPIToken=${DEFAULT_SIM_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: expect.objectContaining({ version: expect.any(String) }),
    });
  });

  it('lists its nodes', async () => {
    const response = await fetch(`${sim.url}/nodes`, {
      headers: { authorization: `PVEAPIToken=${DEFAULT_SIM_TOKEN}` },
    });
    const body = (await response.json()) as { data: { node: string }[] };
    expect(body.data.map((node) => node.node)).toEqual(['pve1', 'pve2']);
  });
});
