// Runs dependency-cruiser over src/ with the project's rules (.dependency-cruiser.cjs) and
// returns its violations. The same configuration drives `npm run lint:layers`, so the
// test and the command line can never disagree about a rule.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** The checkout this file is in, so that a scratch copy cruises itself. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LayerCruise {
  violations: IViolation[];
  /** How many modules were read: a resolver that found nothing would pass every rule. */
  modules: number;
  /** Imports that resolved to no file, which no rule could see. */
  unresolved: string[];
}

export async function cruiseLayers(): Promise<LayerCruise> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  // The rules' paths are relative to the root, whatever directory the runner started in.
  options.baseDir = ROOT;
  const tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
  const { output } = await cruise(['src'], { ...options, validate: true }, {}, { tsConfig });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report, not a result');
  const result: ICruiseResult = output;
  const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} → ${d.module}`));
  return { violations: result.summary.violations, modules: result.summary.totalCruised, unresolved };
}
