// A swarm of Socket.IO clients in its own process, for the delivery benchmarks. It speaks the
// Engine.IO 4 / Socket.IO 5 wire protocol over `ws` itself, so the time it records is when the
// frame arrived, not how long a client library took to decode it. Driven over IPC (child_process.fork):
//   { type: 'connect', url, token, serverIds }  -> { type: 'connected', count, failed }
//   { type: 'collect' }                          -> { type: 'arrivals', times } (hrtime ms, CLOCK_MONOTONIC)
//   { type: 'close' }                            -> exits
import { hrtime } from 'node:process';

import WebSocket from 'ws';

const sockets = [];
let arrivals = [];

function connectOne(url, token, serverId) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
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
      const text = data.toString();
      if (text.startsWith('42["server-stats"')) {
        arrivals.push(Number(hrtime.bigint()) / 1e6);
        return;
      }
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

process.on('message', async (message) => {
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
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
