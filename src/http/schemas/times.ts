// Times a platform gives (when a post or an account was created). They are recorded as
// sent and hashed into the log, and a reviewer reads them, so a time no platform can have
// produced is refused: before 1990-01-01, or more than 24 hours after the server's clock.
import { z } from 'zod';
import { Problem } from '../problem.js';

export const EARLIEST = '1990-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST);
export const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

export const CreatedAt = z.iso
  .datetime({ offset: true })
  .describe('ISO-8601 with an offset; refused before 1990-01-01 and more than 24 hours after the server clock');

/** Throws a 400 naming `path` unless `value` lies between 1990-01-01 and 24 hours after `now`. */
export function refuseUnlikelyTime(path: string, value: string, now: Date): void {
  const ms = Date.parse(value);
  let message: string | null = null;
  if (Number.isNaN(ms)) message = 'is not a date that exists';
  else if (ms < EARLIEST_MS) message = 'is before 1990-01-01';
  else if (ms > now.getTime() + MAX_AHEAD_MS) message = "is more than 24 hours after the server's clock";
  if (message) {
    const field = path.split('/').pop();
    throw new Problem(400, 'Bad Request', `${field} ${message}`, { errors: [{ path, message }] });
  }
}
