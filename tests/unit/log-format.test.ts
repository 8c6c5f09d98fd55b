import { describe, expect, it } from 'vitest';
import { createLogger, formatLogLine } from '../../core/runtime/log.js';

/** A stand-in terminal (or pipe) that keeps what is written. */
function sink(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const out = { text: '', isTTY, write: (chunk: string) => ((out.text += chunk), true) };
  return out as unknown as NodeJS.WriteStream & { text: string };
}

describe('server log lines', () => {
  it('reads as one short line in a terminal: time, level, message, details', () => {
    const at = new Date(2026, 10, 22, 7, 29, 21).getTime();
    const line = formatLogLine(JSON.stringify({ level: 40, time: at, app: 'gridhall', query: 'cases.appendEvent', ms: 63, msg: 'slow query' }));
    expect(line).toBe('07:29:21 WARN  slow query query=cases.appendEvent ms=63');
    expect(formatLogLine(JSON.stringify({ level: 50, time: at, msg: 'firing case timers failed', err: { message: 'disk I/O error', stack: '...' } }))).toBe(
      '07:29:21 ERROR firing case timers failed err="disk I/O error"',
    );
  });

  it('is text in a terminal and JSON in a pipe, unless GRIDHALL_LOG_FORMAT says otherwise', () => {
    const terminal = sink(true);
    createLogger('info', {}, terminal).info({ cases: 986 }, 'analytics aggregates rebuilt');
    expect(terminal.text).toMatch(/^\r\x1b\[K\d\d:\d\d:\d\d INFO  analytics aggregates rebuilt cases=986\n$/);

    const pipe = sink(false);
    createLogger('info', {}, pipe).info({ cases: 986 }, 'analytics aggregates rebuilt');
    expect(JSON.parse(pipe.text)).toMatchObject({ level: 30, msg: 'analytics aggregates rebuilt', cases: 986 });

    const forced = sink(true);
    createLogger('info', { GRIDHALL_LOG_FORMAT: 'json' }, forced).warn('x');
    expect(JSON.parse(forced.text)).toMatchObject({ level: 40, msg: 'x' });
  });
});
