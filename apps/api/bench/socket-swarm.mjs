// A swarm of Socket.IO clients in its own process, for the delivery benchmarks. It speaks the
// Engine.IO 4 / Socket.IO 5 wire protocol over `ws` itself, so the time it records is when the
// frame arrived, not how long a client library took to decode it. `connect-raw` opens bare TCP
// connections instead, for the baseline: how fast this machine moves the same writes at all. Driven over IPC (child_process.fork):
//   { type: 'connect', url, token, serverIds }  -> { type: 'connected', count, failed }
//   { type: 'connect-raw', port, count }         -> { type: 'connected', count, failed }
//   { type: 'collect' }                          -> { type: 'arrivals', times } (hrtime ms, CLOCK_MONOTONIC)
//   { type: 'close' }                            -> exits
import { connect as connectTcp } from 'node:net';
import { hrtime } from 'node:process';

import WebSocket from 'ws';

const STATS_PREFIX = Buffer.from('42["server-stats"');
const sockets = [];
let arrivals = [];

function connectOne(url, token, serverId) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      // The swarm stands in for thousands of browsers on other machines: it reads as little as it
      // can so the figure is the server's, not the swarm's (the panel's frames are valid UTF-8).
      skipUTF8Validation: true,
    });
    const timer = setTimeout(() => finish(false), 20_000);
    let settled = false;
    const finish = (ok) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    ws.on('message', (data) => {
      if (
        data.length > STATS_PREFIX.length &&
        data.compare(STATS_PREFIX, 0, STATS_PREFIX.length, 0, STATS_PREFIX.length) === 0
      ) {
        arrivals.push(Number(hrtime.bigint()) / 1e6);
        return;
      }
      const text = data.toString();
      if (text === '2') return ws.send('3'); // Engine.IO ping -> pong
      if (text.startsWith('0{')) return ws.send(`40${JSON.stringify({ token })}`); // open -> connect
      if (text.startsWith('40'))
        return ws.send(`420${JSON.stringify(['subscribe-server', { serverId }])}`);
      if (text.startsWith('430')) return finish(JSON.parse(text.slice(3))[0]?.ok === true);
      if (text.startsWith('44')) return finish(false); // connect refused
    });
    ws.on('error', () => finish(false));
    ws.on('close', () => finish(false));
    sockets.push(ws);
  });
}

/** A bare TCP client: every chunk that arrives counts as one delivery (each write is one frame). */
function connectRaw(port) {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.on('data', () => arrivals.push(Number(hrtime.bigint()) / 1e6));
    sockets.push(socket);
  });
}

process.on('message', async (message) => {
  if (message.type === 'connect-raw') {
    let failed = 0;
    for (let i = 0; i < message.count; i += 200) {
      const batch = Math.min(200, message.count - i);
      const results = await Promise.all(
        Array.from({ length: batch }, () => connectRaw(message.port)),
      );
      failed += results.filter((ok) => !ok).length;
    }
    process.send({ type: 'connected', count: message.count - failed, failed });
    return;
  }
  if (message.type === 'connect') {
    let failed = 0;
    const { url, token, serverIds } = message;
    for (let i = 0; i < serverIds.length; i += 200) {
      const results = await Promise.all(
        serverIds.slice(i, i + 200).map((id) => connectOne(url, token, id)),
      );
      failed += results.filter((ok) => !ok).length;
    }
    process.send({ type: 'connected', count: serverIds.length - failed, failed });
  } else if (message.type === 'collect') {
    process.send({ type: 'arrivals', times: arrivals });
    arrivals = [];
  } else if (message.type === 'close') {
    for (const socket of sockets) (socket.terminate ?? socket.destroy).call(socket);
    process.exit(0);
  }
});
