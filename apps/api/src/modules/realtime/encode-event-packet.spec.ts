import { Encoder, PacketType } from 'socket.io-parser';

import { encodeEventPacket } from './events.gateway';

describe('the server-stats frame written straight to each connection', () => {
  it('is byte for byte what Socket.IO encodes for an emit on the main namespace', () => {
    const stats = {
      serverId: 7,
      cpu: 12.5,
      memUsedBytes: 1024,
      at: '2026-11-27T08:00:00.000Z',
      note: 'ü "q"',
    };
    const [expected] = new Encoder().encode({
      type: PacketType.EVENT,
      nsp: '/',
      data: ['server-stats', stats],
    });
    expect(encodeEventPacket('server-stats', stats)).toBe(expected);
  });
});
