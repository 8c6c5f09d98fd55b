// One logger (pino). Requests get their own child with a request id (Fastify does that).
// A server under a service manager writes JSON lines for the log collector; a clerk who started
// it in a terminal reads short lines instead (GRIDHALL_LOG_FORMAT=json|text chooses).
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'app', 'msg', 'pid', 'hostname', 'v']);

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function detail(value: unknown): string {
  if (value && typeof value === 'object') {
    const err = value as { message?: unknown; stack?: unknown };
    if (typeof err.message === 'string') return JSON.stringify(err.message);
    return JSON.stringify(value);
  }
  return typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value);
}

/** One pino JSON line as `07:29:21 WARN  slow query query=cases.appendEvent ms=63`. */
export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${detail(value)}`);
  const time = typeof entry.time === 'number' ? clock(entry.time) : '--:--:--';
  return [time, level, entry.msg ?? '', ...fields].join(' ').trimEnd();
}

/** Short lines for a terminal; each first clears the line, where a progress bar may be drawn. */
function terminalStream(stream: NodeJS.WriteStream): DestinationStream {
  return { write: (line: string) => void stream.write(`\r\x1b[K${formatLogLine(line)}\n`) };
}

export function createLogger(level = 'info', env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stdout): Logger {
  const text = env.GRIDHALL_LOG_FORMAT === 'text' || (env.GRIDHALL_LOG_FORMAT !== 'json' && stream.isTTY === true);
  const options = { level, base: { app: 'gridhall' } };
  if (text) return pino(options, terminalStream(stream));
  return stream === process.stdout ? pino(options) : pino(options, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
