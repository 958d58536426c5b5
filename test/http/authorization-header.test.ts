// The Authorization header parser (src/http/auth/authorization-header.ts): one credential
// per spelling the RFC allows, nothing for anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBearer } from '../../src/http/auth/authorization-header.js';

const KEY = 'vigie_AbC-_0123456789abcdefghijklmnopqrstuvwxyzAB';

test('the scheme is case-insensitive and any run of spaces or tabs separates it from the token', () => {
  for (const header of [
    `Bearer ${KEY}`,
    `bearer ${KEY}`,
    `BEARER ${KEY}`,
    `bEaReR ${KEY}`,
    `Bearer   ${KEY}`,
    `Bearer\t${KEY}`,
    `Bearer \t \t${KEY}`,
    ` Bearer ${KEY} `,
  ]) {
    assert.deepEqual(parseBearer(header), { ok: true, token: KEY }, JSON.stringify(header));
  }
});

test('token68 padding is part of the token', () => {
  assert.deepEqual(parseBearer('Bearer abc+/def=='), { ok: true, token: 'abc+/def==' });
});

test('anything else is refused, with the reason', () => {
  assert.deepEqual(parseBearer(undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(parseBearer(''), { ok: false, reason: 'missing' });
  assert.deepEqual(parseBearer(`Basic ${KEY}`), { ok: false, reason: 'scheme' });
  assert.deepEqual(parseBearer(`Token ${KEY}`), { ok: false, reason: 'scheme' });
  for (const header of [
    'Bearer',
    'Bearer ',
    `Bearer${KEY}`,
    `Bearer ${KEY} extra`,
    `Bearer ${KEY},other`,
    `Bearer "${KEY}"`,
    `Bearer ${KEY}=x`,
    `Bearer\n${KEY}`,
    `Bearer ${KEY}\u00a0`,
    `Bearer\u00a0${KEY}`,
    `Be arer ${KEY}`,
    `Bearer =abc`,
  ]) {
    assert.deepEqual(parseBearer(header), { ok: false, reason: 'malformed' }, JSON.stringify(header));
  }
  assert.deepEqual(parseBearer([`Bearer ${KEY}`, `Bearer ${KEY}`]), { ok: false, reason: 'malformed' });
});
