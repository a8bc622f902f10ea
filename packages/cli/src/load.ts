// Reads and parses the flows a command works on, follows `uses:` imports (relative to the importing
// file), and collects every diagnostic: the parser's, the static checks', and the import problems.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { check, checkRunnable, parse, Source, type Diagnostic, type FlowFile, type Location } from '@eventflow/language';
import { findFlowFiles, isTestFile, posix } from './files.ts';

export interface LoadedFile {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the working directory: the name diagnostics show. */
  readonly name: string;
  /** Relative to the argument it came from: the name the `Loading flows...` lines show. */
  readonly label: string;
  readonly source: Source;
  /** Absent when the parser could not produce a tree. */
  readonly ast?: FlowFile;
  /** Reached through `uses:` or as the flow beside a `.test.flow`, not named on the command line. */
  readonly imported: boolean;
}

export interface FileDiagnostic {
  readonly file: LoadedFile;
  readonly diagnostic: Diagnostic;
}

export interface LoadResult {
  readonly files: readonly LoadedFile[];
  readonly diagnostics: readonly FileDiagnostic[];
  readonly errors: number;
  readonly warnings: number;
}

export interface LoadOptions {
  readonly cwd: string;
  /** Also load `x.flow` for every `x.test.flow` (default true). */
  readonly siblings?: boolean;
}

/** Parsed trees of the loaded files, flows and tests alike. */
export function asts(result: LoadResult): FlowFile[] {
  return result.files.flatMap((f) => (f.ast ? [f.ast] : []));
}

export function loadFlows(paths: readonly string[], options: LoadOptions): LoadResult {
  const loader = new Loader(options.cwd);
  for (const found of findFlowFiles(paths, options.cwd)) loader.add(found.path, found.label, false);
  if (options.siblings !== false) {
    for (const file of [...loader.files.values()]) {
      if (!isTestFile(file.path)) continue;
      const flow = file.path.replace(/\.test\.flow$/, '.flow');
      if (existsSync(flow)) loader.add(flow, file.label.replace(/\.test\.flow$/, '.flow'), true);
    }
  }
  loader.followImports();
  loader.checkMachineNames();
  const files = [...loader.files.values()];
  const diagnostics = loader.diagnostics;
  return {
    files,
    diagnostics,
    errors: diagnostics.filter((d) => d.diagnostic.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.diagnostic.severity === 'warning').length,
  };
}

class Loader {
  readonly files = new Map<string, LoadedFile>();
  readonly diagnostics: FileDiagnostic[] = [];
  /** importer path -> [imported path, the uses line] */
  private readonly edges = new Map<string, { to: string; loc: Location }[]>();
  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
  }

  add(path: string, label: string, imported: boolean): LoadedFile {
    const known = this.files.get(path);
    if (known) return known;
    const name = posix(relative(this.cwd, path)) || path;
    const source = new Source(readFileSync(path, 'utf8'), name);
    const parsed = parse(source, name);
    const file: LoadedFile = { path, name, label, source, imported, ...(parsed.ast ? { ast: parsed.ast } : {}) };
    this.files.set(path, file);
    for (const diagnostic of parsed.diagnostics) this.diagnostics.push({ file, diagnostic });
    if (parsed.ast && !parsed.diagnostics.some((d) => d.severity === 'error')) {
      for (const diagnostic of check(parsed.ast)) this.diagnostics.push({ file, diagnostic });
      if (!isTestFile(path)) for (const diagnostic of checkRunnable(parsed.ast)) this.diagnostics.push({ file, diagnostic });
    }
    return file;
  }

  /** Loads every `uses:` target (breadth first), then checks actors and cycles. */
  followImports(): void {
    const queue = [...this.files.values()];
    for (let file = queue.shift(); file; file = queue.shift()) {
      const edges: { to: string; loc: Location }[] = [];
      for (const uses of file.ast?.system?.uses ?? []) {
        const target = resolve(dirname(file.path), uses.path);
        if (!existsSync(target)) {
          this.report(file, uses.loc, 'import-not-found', `Cannot find "${uses.path}" (imported as ${uses.machine}).`);
          continue;
        }
        const isNew = !this.files.has(target);
        const imported = this.add(target, posix(join(dirname(file.label), uses.path)), true);
        if (isNew) queue.push(imported);
        edges.push({ to: target, loc: uses.loc });
        const machines = imported.ast?.machines.map((m) => m.name) ?? [];
        if (imported.ast && !machines.includes(uses.machine)) {
          const found = machines.length > 0 ? machines.join(', ') : 'no machine';
          this.report(file, uses.loc, 'uses-mismatch', `Expected "${uses.path}" to define machine ${uses.machine}, found ${found}.`);
        }
      }
      this.edges.set(file.path, edges);
    }
    this.reportCycles();
  }

  /** One system cannot hold two machines of the same name (runtimes would refuse to start). */
  checkMachineNames(): void {
    const first = new Map<string, LoadedFile>();
    for (const file of this.files.values()) {
      for (const machine of file.ast?.machines ?? []) {
        if (machine.implicit) continue; // reported by checkRunnable
        const seen = first.get(machine.name);
        if (!seen) first.set(machine.name, file);
        else this.report(file, machine.loc, 'duplicate-machine', `Machine ${machine.name} is defined twice (first in ${seen.name}).`);
      }
    }
  }

  private reportCycles(): void {
    const done = new Set<string>();
    const stack: string[] = [];
    const visit = (path: string): void => {
      if (done.has(path)) return;
      stack.push(path);
      for (const edge of this.edges.get(path) ?? []) {
        const at = stack.indexOf(edge.to);
        if (at >= 0) {
          const cycle = [...stack.slice(at), edge.to].map((p) => this.files.get(p)?.name ?? p).join(' → ');
          this.report(this.files.get(path) as LoadedFile, edge.loc, 'import-cycle', `Import cycle: ${cycle}.`);
        } else {
          visit(edge.to);
        }
      }
      stack.pop();
      done.add(path);
    };
    for (const path of this.edges.keys()) visit(path);
  }

  private report(file: LoadedFile, loc: Location, code: string, message: string): void {
    this.diagnostics.push({ file, diagnostic: { code, severity: 'error', message, loc } });
  }
}
