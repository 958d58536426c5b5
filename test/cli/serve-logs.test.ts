// `vigie serve` logs: JSON when stdout is a pipe (a collector reads them), readable lines
// when asked for; secrets redacted in both.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { serveLogger } from '../../src/cli/logger.js';
import { cliArgs } from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-serve-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `vigie serve`, waits for the line saying it listens, stops it; returns its stdout lines. */
async function serveLines(...extra: string[]): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, cliArgs('serve', '--data', dataDir, '--port', '0', ...extra), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigie serve did not start: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.includes('vigie is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`vigie serve exited with ${code}: ${stderr}`)));
  });
  child.kill('SIGTERM');
  await exited;
  return lines;
}

describe('vigie serve logs', () => {
  test('stdout a pipe: one JSON object per line', { timeout: 60_000 }, async () => {
    const lines = await serveLines();
    assert.ok(lines.length >= 1);
    for (const line of lines) {
      const record = JSON.parse(line) as { level?: unknown; msg?: unknown };
      assert.equal(typeof record.level, 'number', line);
    }
    assert.ok(lines.some((l) => (JSON.parse(l) as { msg?: string }).msg === 'vigie is listening'));
  });

  test('--log-format pretty: readable lines, one per event', { timeout: 60_000 }, async () => {
    const lines = await serveLines('--log-format', 'pretty');
    const listening = lines.find((l) => l.includes('vigie is listening'))!;
    assert.match(listening, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: vigie is listening \{.*"address":"http:\/\/127\.0\.0\.1:\d+"/);
    assert.throws(() => JSON.parse(listening));
  });

  test('readable lines redact secrets as the JSON ones do', async () => {
    const out = Object.assign(new PassThrough(), { isTTY: true });
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const logger = await serveLogger(loadConfig({ store: { dataDir } }), 'auto', out);
    logger.info(
      {
        password: 'hunter-two-hunter',
        req: { headers: { authorization: 'Bearer abc-token-123', cookie: 'sid=cookie-value' } },
        detail: { secret: 'shh-value' },
      },
      'a request',
    );
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    assert.match(text, /a request/);
    for (const secret of ['hunter-two-hunter', 'abc-token-123', 'cookie-value', 'shh-value']) assert.equal(text.includes(secret), false, secret);
    assert.match(text, /\[redacted\]/);
  });
});
