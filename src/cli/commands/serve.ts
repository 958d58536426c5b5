import { parseArgs } from 'node:util';
import { configFrom, dataOption } from '../options.js';
import { startServer } from '../../main/server.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...dataOption, port: { type: 'string' }, host: { type: 'string' } } });
  const config = configFrom(values);
  if (values.host) config.host = values.host;
  const running = await startServer(config);
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
