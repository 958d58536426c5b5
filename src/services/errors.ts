// What a use case refuses, in the service's own words. Routes and commands turn these
// into their own answers (problem+json, an exit code); services never speak HTTP.
export type ServiceErrorKind = 'invalid' | 'too-large' | 'not-found' | 'conflict' | 'forbidden' | 'unavailable';

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
export const conflict = (message: string) => new ServiceError('conflict', message);
export const unavailable = (message: string) => new ServiceError('unavailable', message);
