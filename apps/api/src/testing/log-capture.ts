import fs from 'node:fs';

/**
 * Captures everything the process writes while it runs: pino's lines (sonic-boom writes to fd 1
 * with fs.write/fs.writeSync), process.stdout/stderr writes, and console calls (TypeORM's query
 * errors go there). pino output is kept out of the test output unless TEST_VERBOSE=1; the rest
 * still reaches the terminal.
 */
export interface OutputCapture {
  /** Everything captured so far, split into lines. */
  lines(): string[];
  stop(): void;
}

type WriteSync = typeof fs.writeSync;
type Write = typeof fs.write;
type StreamWrite = typeof process.stdout.write;

function text(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) return Buffer.from(data).toString();
  return String(data);
}

export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const isVerbose = process.env['TEST_VERBOSE'] === '1';
  const isStd = (fd: unknown) => fd === 1 || fd === 2;

  const writeSync = fs.writeSync;
  const write = fs.write;
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (isStd(fd)) {
      chunks.push(text(data));
      if (!isVerbose) return Buffer.byteLength(text(data));
    }
    return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as WriteSync;
  fs.write = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (isStd(fd)) {
      chunks.push(text(data));
      if (!isVerbose) {
        const callback = rest.find((item) => typeof item === 'function') as
          ((error: null, written: number, data: unknown) => void) | undefined;
        const size = Buffer.byteLength(text(data));
        if (callback) process.nextTick(() => callback(null, size, data));
        return;
      }
    }
    (write as (...args: unknown[]) => void)(fd, data, ...rest);
  }) as Write;

  const streams = [process.stdout, process.stderr] as const;
  const streamWrites = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(text(chunk));
      return (streamWrites[index] as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as StreamWrite;
  });

  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((method) => console[method]);
  methods.forEach((method, index) => {
    console[method] = (...args: unknown[]) => {
      chunks.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
      originals[index].apply(console, args);
    };
  });

  return {
    lines: () => chunks.join('\n').split('\n'),
    stop: () => {
      fs.writeSync = writeSync;
      fs.write = write;
      streams.forEach((stream, index) => (stream.write = streamWrites[index]));
      methods.forEach((method, index) => (console[method] = originals[index]));
    },
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
