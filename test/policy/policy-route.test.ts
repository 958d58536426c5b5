import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../../src/http/app.js';
import type { AppContext } from '../../src/http/context.js';
import { registerPolicyRoutes } from '../../src/http/routes/policy.js';
import { CLAUSES, POLICY_VERSION, RULE_IDS } from '../../src/policy/index.js';

// The route reads nothing but the policy data, so it is tested on its own Fastify instance
// with the same Zod compilers as the API, without a store or workers.
let app: App;

before(async () => {
  app = Fastify().withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, { openapi: { openapi: '3.0.3', info: { title: 'test', version: '0' } }, transform: jsonSchemaTransform });
  registerPolicyRoutes(app, {} as AppContext);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
});

after(async () => app?.close());

test('GET /v1/policy answers without authentication with every clause in both languages', async () => {
  const res = await app.inject({ method: 'GET', url: '/v1/policy' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['cache-control'] as string, /public/);
  const body = res.json();
  assert.equal(body.version, POLICY_VERSION);
  assert.deepEqual(
    body.clauses.map((c: { id: string }) => c.id),
    CLAUSES.map((c) => c.id),
  );
  for (const c of body.clauses) assert.ok(c.summary.fr && c.summary.en && c.title.fr && c.title.en, c.id);
  assert.deepEqual(
    body.rules.map((r: { id: string }) => r.id),
    RULE_IDS,
  );
});

test('GET /v1/policy carries what each kind of clause adds', async () => {
  const body = (await app.inject({ method: 'GET', url: '/v1/policy' })).json();
  const byId = new Map(body.clauses.map((c: { id: string }) => [c.id, c]));
  assert.deepEqual(
    byId.get('content.link-to-material'),
    CLAUSES.find((c) => c.id === 'content.link-to-material'),
  );
  assert.deepEqual((byId.get('exception.news-reporting') as { covers: string[] }).covers, ['content.visual-depiction', 'content.illustrated-depiction']);
  assert.deepEqual((byId.get('consequence.no-new-accounts') as { actions: string[] }).actions, ['block_identifiers']);
  assert.equal((byId.get('scope.minor') as { category?: string }).category, undefined);
});

test('the policy route is in the OpenAPI document', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.ok(doc.paths['/v1/policy']?.get, 'GET /v1/policy is documented');
});
