// Edge: reads the operator's rules file and term lists from disk, compiles them, and
// reloads them without a restart. Everything else in this folder is pure; this file and
// nothing else touches the file system.
//
// A reload that fails (bad JSON, a rule that does not validate, a missing list) keeps the
// rules in force and reports why: a typo in a rules file never leaves a platform without
// rules. The watcher is fs.watch on the files' folders (editors often replace a file
// rather than write it in place, which a watch on the file itself would miss).
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { compileRules, type CompiledRules } from '../../detect/text/compile.js';
import { DEFAULT_RULES } from '../../detect/text/default-rules/index.js';
import { createTextEngine, type TextEngine, type TextEngineOptions } from '../../detect/text/engine.js';
import { RulesError } from '../../detect/text/rules-file.js';
import { parseTermList, type TermList } from '../../detect/text/term-list.js';
import { UrlBank } from '../../detect/links/bank.js';
import type { UrlBankSource } from '../../detect/links/bank-sources.js';

export interface RulesSource {
  /** A rules file; without one, the default rules are used. */
  readonly rulesPath?: string;
  /** Term lists by the name the rules file declares, each a path to a text file. */
  readonly termLists?: Readonly<Record<string, string>>;
  /** URL banks (IWF-style lists and the like); reloaded with the rules. */
  readonly urlBanks?: readonly UrlBankSource[];
}

export type ReloadResult =
  | { readonly ok: true; readonly rules: CompiledRules; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[]; readonly kept: CompiledRules | undefined };

export class RulesLoader {
  private compiled: CompiledRules | undefined;
  private banks: readonly UrlBank[] = [];
  private readonly listeners = new Set<(r: ReloadResult) => void>();

  constructor(
    readonly source: RulesSource,
    private readonly read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
  ) {}

  /** The rules in force. Throws before the first successful load. */
  current(): CompiledRules {
    if (!this.compiled) throw new Error('rules are not loaded yet: call load() first');
    return this.compiled;
  }

  /** The URL banks in force (replaced together with the rules on a reload). */
  currentBanks(): readonly UrlBank[] {
    return this.banks;
  }

  /** First load: throws RulesError when the rules cannot be used. */
  async load(): Promise<CompiledRules> {
    const r = await this.reload();
    if (!r.ok) throw new RulesError(r.errors);
    return r.rules;
  }

  /** Reads and compiles everything again; on failure the previous rules stay in force. */
  async reload(): Promise<ReloadResult> {
    let result: ReloadResult;
    try {
      const rules = await this.compileFromDisk();
      const banks = await this.loadBanks();
      this.compiled = rules;
      this.banks = banks.banks;
      result = { ok: true, rules, warnings: [...rules.warnings, ...banks.warnings] };
    } catch (err) {
      const errors = err instanceof RulesError ? err.problems : [err instanceof Error ? err.message : String(err)];
      result = { ok: false, errors, kept: this.compiled };
    }
    for (const l of this.listeners) l(result);
    return result;
  }

  /** Calls back after every reload (from reload() or the watcher). Returns an unsubscribe function. */
  onReload(listener: (r: ReloadResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async compileFromDisk(): Promise<CompiledRules> {
    let file: unknown = DEFAULT_RULES;
    if (this.source.rulesPath) {
      const text = await this.read(this.source.rulesPath);
      try {
        file = JSON.parse(text);
      } catch (err) {
        throw new RulesError([`${this.source.rulesPath}: not valid JSON (${err instanceof Error ? err.message : String(err)})`]);
      }
    }
    const lists: TermList[] = [];
    const errors: string[] = [];
    for (const [name, path] of Object.entries(this.source.termLists ?? {})) {
      try {
        lists.push(parseTermList(name, await this.read(path)));
      } catch (err) {
        errors.push(`term list ${JSON.stringify(name)} (${path}): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (errors.length > 0) throw new RulesError(errors);
    return compileRules(file, lists);
  }

  private async loadBanks(): Promise<{ banks: UrlBank[]; warnings: string[] }> {
    const banks: UrlBank[] = [];
    const warnings: string[] = [];
    const errors: string[] = [];
    for (const source of this.source.urlBanks ?? []) {
      let text: string;
      try {
        text = await this.read(source.path);
      } catch (err) {
        errors.push(`URL bank ${source.name} (${source.path}): ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const { bank, problems } = UrlBank.fromList(source.name, text, source.format, source.path, source.verified);
      // A bad line is skipped, not fatal: one typo must not unlist every other URL.
      for (const p of problems) warnings.push(`URL bank ${source.name} line ${p.line}: ${p.message} (skipped)`);
      banks.push(bank);
    }
    if (errors.length > 0) throw new RulesError(errors);
    return { banks, warnings };
  }

  /** The files a watcher should follow. */
  files(): string[] {
    return [this.source.rulesPath, ...Object.values(this.source.termLists ?? {}), ...(this.source.urlBanks ?? []).map((b) => b.path)]
      .filter((p): p is string => !!p)
      .map((p) => resolve(p));
  }

  /**
   * Reloads when any of the files changes (debounced). Returns a function that stops
   * watching. Reload results go to onReload listeners.
   */
  watch(debounceMs = 200): () => void {
    const files = this.files();
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const set = byDir.get(dirname(f)) ?? new Set<string>();
      set.add(basename(f));
      byDir.set(dirname(f), set);
    }
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void this.reload();
      }, debounceMs);
    };
    const watchers: FSWatcher[] = [];
    for (const [dir, names] of byDir) {
      const w = fsWatch(dir, (_event, filename) => {
        if (filename === null || names.has(filename.toString())) schedule();
      });
      w.on('error', () => undefined);
      watchers.push(w);
    }
    return () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    };
  }
}

/**
 * A text engine that always uses the loader's rules in force, so a reload takes effect on
 * the next message without rebuilding anything else.
 */
export function reloadingEngine(loader: RulesLoader, options: Omit<TextEngineOptions, 'rules'> = {}): TextEngine {
  let rules: CompiledRules | undefined;
  let banks: readonly UrlBank[] | undefined;
  let engine: TextEngine | undefined;
  const get = (): TextEngine => {
    const now = loader.current();
    const nowBanks = loader.currentBanks();
    if (now !== rules || nowBanks !== banks || !engine) {
      rules = now;
      banks = nowBanks;
      engine = createTextEngine({ ...options, rules: now, banks: [...(options.banks ?? []), ...nowBanks] });
    }
    return engine;
  };
  return {
    get rules() {
      return get().rules;
    },
    evaluate: (message, state) => get().evaluate(message, state),
    linkSignals: (text) => get().linkSignals(text),
  };
}
