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
