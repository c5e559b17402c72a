// The baseline: plain node:http answering a 200-byte JSON, started beside the panel in the same
// run, so every figure is also a ratio to what this machine does with no framework at all.
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: 1,
  hostname: 'baseline',
  status: 'running',
  padding: 'x'.repeat(138),
});
if (Buffer.byteLength(body) !== 200)
  throw new Error(`baseline body is ${Buffer.byteLength(body)} bytes`);

const server = createServer((request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
