// One logger (pino). Requests get their own child with a request id (Fastify does that).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { app: 'gridhall' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
