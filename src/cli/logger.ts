// The logger of `vigie serve`: readable lines on a terminal, JSON (one object a line, for
// a log collector) anywhere else. Both go through pino's redaction, with the server's own
// paths, before anything is formatted: a secret never reaches either kind of line.
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { createLogger, LOG_REDACTION } from '../main/server.js';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** `out` is where readable lines go; JSON lines go to stdout, as the server always wrote them. */
export async function serveLogger(config: Config, format: LogFormat, out: Writable & { isTTY?: boolean } = process.stdout): Promise<Logger> {
  const readable = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  if (!readable) return createLogger(config);
  // Only a person at a terminal needs it; loaded here so JSON logging does not pay for it.
  const { default: pretty } = await import('pino-pretty');
  return pino(
    { level: config.log.level, redact: LOG_REDACTION },
    // Colours follow the terminal (NO_COLOR and FORCE_COLOR are honoured); extra fields
    // stay on the message's line so that one event is one line.
    pretty({ singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: out }),
  );
}
