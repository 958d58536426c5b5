// Hive's task API wraps every model's answer the same way (docs.thehive.ai, "Classification":
// task.status[].status{code, message} and task.status[].response{input{model,
// model_version}, output}). Read here once for the two Hive-shaped adapters.
import { checkStatus, jsonBody, malformed, record, type ClassifierProvider, type ProviderResponse } from './classifier.js';

export interface HiveAnswer {
  output: unknown;
  model: string | null;
  modelVersion: string | null;
}

export function hiveAnswer(provider: ClassifierProvider, response: ProviderResponse): HiveAnswer {
  checkStatus(provider, response);
  const body = record(jsonBody(provider, response));
  const first = Array.isArray(body?.status) ? record(body!.status[0]) : null;
  const response0 = record(first?.response);
  if (!response0) throw malformed(provider, 'status[0].response missing');
  const input = record(response0.input);
  const version = input?.model_version;
  return {
    output: response0.output,
    model: typeof input?.model === 'string' ? input.model : null,
    modelVersion: typeof version === 'string' || typeof version === 'number' ? String(version) : null,
  };
}

export function hiveHeaders(apiKey: string | undefined, contentType: string): Record<string, string> {
  return { authorization: `Token ${apiKey ?? ''}`, 'content-type': contentType, accept: 'application/json' };
}
