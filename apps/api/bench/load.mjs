// The load generator, in its own process so it does not share an event loop with what it measures.
// Usage: node load.mjs '<json: {url, method, headers, body, connections, durationSeconds}>'
// Prints one line of JSON: requests per second, latency percentiles (ms), errors and non-2xx answers.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: options.url,
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  body: options.body,
  connections: options.connections ?? 50,
  duration: options.durationSeconds ?? 10,
  pipelining: 1,
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
