import { configFrom } from '../options.js';
import type { ServeOptions } from '../grammar/serve.js';
import { serveLogger } from '../logger.js';
import { startServer } from '../../main/server.js';

export async function run(values: ServeOptions): Promise<number> {
  const config = configFrom(values);
  if (values.host) config.http.host = values.host;
  if (values.roles) config.roles = values.roles;
  const running = await startServer(config, { roles: config.roles, logger: await serveLogger(config, values.logFormat) });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.stop().then(resolve, (err) => {
        process.stderr.write(`vigie: error while stopping: ${String(err)}\n`);
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
