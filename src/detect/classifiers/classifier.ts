// One interface for every external classifier or matching service: an adapter turns an input
// into the provider's documented HTTP request and the provider's answer into a finding. Pure:
// the request is a value, sent by services/classifiers; nothing here touches the network.
//
// An adapter never fetches anything: an image goes as the bytes vigie already holds, a link
// as its address only (a URL service looks it up on its side). Nothing here downloads what a
// post links to.
import type { MaterialNature } from '../../policy/material.js';

export const CLASSIFIER_PROVIDERS = ['google-content-safety', 'photodna', 'arachnid-shield', 'safer', 'hive', 'openai-moderation'] as const;
export type ClassifierProvider = (typeof CLASSIFIER_PROVIDERS)[number];

export function isClassifierProvider(value: string): value is ClassifierProvider {
  return (CLASSIFIER_PROVIDERS as readonly string[]).includes(value);
}

export type InputKind = 'image' | 'text' | 'url';

export type ClassifierInput =
  | { readonly kind: 'image'; readonly mediaId: string; readonly bytes: Uint8Array; readonly mimeType: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'url'; readonly url: string };

/** What the operator gave for a provider (config secrets): a key, or a user name and password. */
export interface ClassifierCredentials {
  readonly apiKey?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/** A request to send: the path and query go on the provider's base URL. */
export interface ProviderRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
}

export interface ProviderResponse {
  readonly status: number;
  readonly body: string;
}

export interface ClassifierFinding {
  readonly provider: ClassifierProvider;
  /** The provider's model or service, and its version when the answer names one (provenance). */
  readonly model: string;
  readonly modelVersion: string | null;
  readonly input: InputKind;
  /** 0..1: how strongly the provider points at material (its priority, score or match). */
  readonly score: number;
  /** The provider's own answer in its words (`HIGH`, `csam`, `match`, a class name). */
  readonly label: string;
  readonly materialNature: MaterialNature | null;
  /** Provider fields a reviewer may want (match ids, classifications, class scores). Never the input. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/** The provider refused or failed; `retryable` for what a later attempt may get past (429, 5xx). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: ClassifierProvider,
    message: string,
    readonly retryable: boolean,
    /** The HTTP status when the refusal was one. */
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
  }
}

export interface ClassifierAdapter {
  readonly provider: ClassifierProvider;
  readonly accepts: readonly InputKind[];
  /** Why this input cannot go to the provider (a format it does not take), or null. */
  refuses(input: ClassifierInput): string | null;
  request(input: ClassifierInput, credentials: ClassifierCredentials): ProviderRequest;
  /** The finding, or null when the provider found nothing. Throws ProviderError on a refusal or a malformed answer. */
  parse(input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null;
}

/** Reads a JSON answer, or says the provider answered something else. */
export function jsonBody(provider: ClassifierProvider, response: ProviderResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    throw new ProviderError(provider, `answered HTTP ${response.status} with a body that is not JSON`, response.status >= 500);
  }
}

/** A status that is not 2xx as a ProviderError: 408, 429 and 5xx may pass later, the rest will not. */
export function checkStatus(provider: ClassifierProvider, response: ProviderResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new ProviderError(provider, `answered HTTP ${response.status}`, retryable, response.status);
}

export function malformed(provider: ClassifierProvider, what: string): ProviderError {
  return new ProviderError(provider, `answer not in the documented shape: ${what}`, false);
}

export function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function basicAuth(credentials: ClassifierCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64')}`;
}

/** A score for the policy, kept to 0..1 with four decimals. */
export function unitScore(x: number): number {
  return Number.isFinite(x) ? Math.round(Math.min(1, Math.max(0, x)) * 10_000) / 10_000 : 0;
}
