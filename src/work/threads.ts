// Starts a worker thread on one of our modules, compiled or not. Compiled, the module is
// .js and plain node runs it. Under tsx (development, tests) it is .ts, and Node 20 does
// not run a worker's entry through hooks given as `execArgv: ['--import', 'tsx']`
// ("Unknown file extension .ts"), so the worker starts from a small module that
// registers tsx and then imports the TypeScript entry.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `from` is the caller's import.meta.url; `name` the worker module's name without extension. */
export function startModuleWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const underTsx = from.endsWith('.ts');
  if (!underTsx) return new Worker(new URL(`./${name}.js`, from), options);
  const entry = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}
