// What a use case refuses, in the service's own words: the one kind of error a service
// throws at its callers. Routes and commands turn these into their own answers (the HTTP
// error handler in src/http/app.ts maps each kind to one status, once; a command to an
// exit code); services never speak HTTP. A service may name a refusal with a subclass
// (EnrolmentRefused, WebhookInputError, ...) so that a command can tell it apart; the kind
// alone decides the HTTP status.
//
//   invalid        400  the request is malformed for this use case
//   forbidden      403  the caller may not do this
//   not-found      404  what it names does not exist
//   conflict       409  it clashes with what exists (a taken name, another state)
//   too-large      413  over a size limit
//   unprocessable  422  well-formed but refused by a rule (a weak password, a private webhook address)
//   unavailable    503  a dependency is not ready (the block registry, a full hash queue)
export type ServiceErrorKind = 'invalid' | 'too-large' | 'not-found' | 'conflict' | 'forbidden' | 'unprocessable' | 'unavailable';

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const invalid = (message: string) => new ServiceError('invalid', message);
export const tooLarge = (message: string) => new ServiceError('too-large', message);
export const notFound = (message: string) => new ServiceError('not-found', message);
export const forbidden = (message: string) => new ServiceError('forbidden', message);
export const conflict = (message: string) => new ServiceError('conflict', message);
export const unprocessable = (message: string) => new ServiceError('unprocessable', message);
export const unavailable = (message: string) => new ServiceError('unavailable', message);

// The database could not be reached, or ended the connection mid-request (a restart, a
// failover, too many connections). The caller is told 503: whether the write was committed
// or not, sending the same request again is safe, since every write is keyed by the caller's
// id and a committed one answers as a replay.
const DATABASE_GONE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

/** A restart or a failover takes seconds: a client waits this long before sending again. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export function isDatabaseUnavailable(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && DATABASE_GONE.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i.test(message);
}
