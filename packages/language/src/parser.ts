// The parser: walks the file's sections. Section headers (`system:`, `machine:`, `scenario:`,
// `test:`, `for scenario:`) open a section wherever they appear (§1.2); indentation matters only
// inside handlers and blocks. Errors are recorded and parsing goes on at the next line or handler.

import type { FlowFile, Handler, MachineDecl, Scenario, Statement, SystemDecl, TestDecl, TestScenario } from './ast.ts';
import { parseAssertionLines } from './assertions.ts';
import { parseBlock } from './blocks.ts';
import { isSectionBreak, type LineKind } from './classify.ts';
import { ParseContext, toDiagnostic } from './context.ts';
import type { Diagnostic } from './diagnostic.ts';
import { parseGivenLines } from './given.ts';
import { parseHandler } from './handlers.ts';
import { scanLines } from './lines.ts';
import { headerText, parseMachineName, parseResponses, parseTestTarget, parseUsesLines } from './sections.ts';
import { toSource, type Source } from './source.ts';
import { parseForScenario } from './testfile.ts';
import { pushAll, type Mutable } from './mutable.ts';


/** A parsed file and every diagnostic found on the way (parsing goes on after an error). */
export interface ParseResult {
  readonly ast: FlowFile;
  /** Syntax errors and warnings, in source order. */
  readonly diagnostics: Diagnostic[];
}

/** Parses a .flow or .test.flow file. Never throws on bad input: problems come back as diagnostics. */
export function parse(source: Source | string, name?: string): ParseResult {
  const src = toSource(source, name);
  const scanned: Diagnostic[] = [];
  const lines = scanLines(src, (code, message, line, column, length) => {
    scanned.push({ code, severity: 'error', message, loc: { file: src.name, line, column }, length });
  });
  const ctx = new ParseContext(src.name, lines);
  for (const d of scanned) ctx.add(d);
  const ast = new FileParser(ctx).parse();
  const diagnostics = ctx.diagnostics
    .map((d, order) => ({ d, order }))
    .sort((a, b) => a.d.loc.line - b.d.loc.line || a.d.loc.column - b.d.loc.column || a.order - b.order)
    .map(({ d }) => d);
  return { ast, diagnostics };
}

class FileParser {
  private readonly ctx: ParseContext;
  private system: Mutable<SystemDecl> | undefined;
  private readonly machines: Mutable<MachineDecl>[] = [];
  private readonly tests: Mutable<TestDecl>[] = [];
  private readonly statements: Statement[] = [];
  private machine: Mutable<MachineDecl> | undefined;
  private scenario: Mutable<Scenario> | undefined;
  private test: Mutable<TestDecl> | undefined;
  /** An explicit `system:`, `machine:` or `test:` header was seen; loose statements are errors after it. */
  private sectionSeen = false;

  constructor(ctx: ParseContext) {
    this.ctx = ctx;
  }

  /** flow_file = { system | uses_block | machine_decl | scenario | handler | ... | test_file } */
  parse(): FlowFile {
    const ctx = this.ctx;
    let i = 0;
    while (i < ctx.lineCount) {
      if (ctx.blank(i)) i++;
      else i = this.parseSectionLine(i, ctx.kind(i));
    }
    const file: Mutable<FlowFile> = {
      kind: 'FlowFile',
      file: ctx.file,
      machines: this.machines,
      tests: this.tests,
      loc: { file: ctx.file, line: 1, column: 1 },
    };
    if (this.system !== undefined) file.system = this.system;
    if (this.statements.length > 0) file.statements = this.statements;
    return file;
  }

  /** One line at section level; returns the index of the next line to look at. */
  private parseSectionLine(i: number, kind: LineKind): number {
    const ctx = this.ctx;
    switch (kind) {
      case 'system':
        this.sectionSeen = true;
        if (this.system !== undefined) ctx.report('duplicate-system', "Expected one 'system:' per file, found another.", i);
        else this.system = { kind: 'System', name: headerText(ctx, i, 'a system name'), uses: [], loc: ctx.loc(i) };
        return i + 1;
      case 'uses': {
        const end = ctx.childrenEnd(i);
        this.requireBare(i);
        const uses = parseUsesLines(ctx, i + 1, end);
        if (this.system === undefined) ctx.report('uses-without-system', "Expected 'system:' before 'uses:', found none.", i);
        else pushAll(this.system.uses, uses);
        return end;
      }
      case 'machine':
        this.sectionSeen = true;
        this.machine = { kind: 'Machine', name: parseMachineName(ctx, i), states: [], scenarios: [], responses: [], loc: ctx.loc(i) };
        this.machines.push(this.machine);
        this.scenario = undefined;
        this.test = undefined;
        return i + 1;
      case 'scenario': {
        const machine = this.ensureMachine(i);
        this.scenario = { kind: 'Scenario', name: headerText(ctx, i, 'a scenario name'), given: [], handlers: [], expect: [], loc: ctx.loc(i) };
        machine.scenarios.push(this.scenario);
        return i + 1;
      }
      case 'responses': {
        const end = ctx.childrenEnd(i);
        this.requireBare(i);
        const responses = parseResponses(ctx, i + 1, end);
        if (responses.length > 0 || this.machine !== undefined) pushAll(this.ensureMachine(i).responses, responses);
        return end;
      }
      case 'given':
      case 'expect': {
        const end = ctx.childrenEnd(i);
        this.requireBare(i);
        if (kind === 'given') {
          const lines = parseGivenLines(ctx, i + 1, end);
          if (lines.length > 0 || this.scenario !== undefined) pushAll(this.ensureScenario(i).given, lines);
        } else {
          const lines = parseAssertionLines(ctx, i + 1, end);
          if (lines.length > 0 || this.scenario !== undefined) pushAll(this.ensureScenario(i).expect, lines);
        }
        return end;
      }
      case 'handler': {
        const end = ctx.childrenEnd(i);
        let handler: Handler;
        try {
          handler = parseHandler(ctx, i, end);
        } catch (error) {
          ctx.add(toDiagnostic(error));
          return end;
        }
        this.ensureScenario(i).handlers.push(handler);
        return end;
      }
      case 'stateDecl': {
        const end = ctx.childrenEnd(i);
        if (end > i + 1) ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i + 1);
        this.ensureMachine(i).states.push({ kind: 'StateDecl', state: (ctx.tokens(i)[0] as { text: string }).text, loc: ctx.loc(i) });
        return end;
      }
      case 'test':
        this.sectionSeen = true;
        this.test = { kind: 'Test', ...parseTestTarget(ctx, i), scenarios: [], loc: ctx.loc(i) };
        this.tests.push(this.test);
        return i + 1;
      case 'forScenario': {
        const end = this.sectionEnd(i);
        if (this.test === undefined) {
          ctx.report('for-scenario-without-test', "Expected 'test:' before 'for scenario:', found none.", i);
          this.test = { kind: 'Test', scenarios: [], loc: ctx.loc(i) };
          this.tests.push(this.test);
        }
        this.test.scenarios.push(parseForScenario(ctx, i, end) as Mutable<TestScenario>);
        return end;
      }
      default:
        return this.parseLoose(i);
    }
  }

  /** Statements outside handlers: a fragment before any section header, otherwise an error. */
  private parseLoose(i: number): number {
    const ctx = this.ctx;
    if (!this.sectionSeen) {
      const end = this.fragmentEnd(i);
      pushAll(this.statements, parseBlock(ctx, i, end, 0));
      return end;
    }
    const what = this.test !== undefined ? "'for scenario:'" : "'on :event', 'scenario:' or 'machine:'";
    ctx.add(ctx.expected(what, i, ctx.tokens(i)[0], 'unexpected-line').diagnostic);
    return ctx.childrenEnd(i);
  }

  private ensureMachine(i: number): Mutable<MachineDecl> {
    if (this.machine === undefined) {
      this.machine = { kind: 'Machine', name: '', implicit: true, states: [], scenarios: [], responses: [], loc: this.ctx.loc(i) };
      this.machines.push(this.machine);
      this.test = undefined;
    }
    return this.machine;
  }

  private ensureScenario(i: number): Mutable<Scenario> {
    const machine = this.ensureMachine(i);
    if (this.scenario === undefined) {
      this.scenario = { kind: 'Scenario', given: [], handlers: [], expect: [], loc: this.ctx.loc(i) };
      machine.scenarios.push(this.scenario);
    }
    return this.scenario;
  }

  /** `uses:`, `responses:`, `given:`, `expect:` take nothing after the colon. */
  private requireBare(i: number): void {
    const extra = this.ctx.tokens(i)[2];
    if (extra !== undefined) this.ctx.reportAt('unexpected-token', `Expected end of line, found '${extra.text}'.`, i, extra);
  }

  /** A `for scenario:` section runs to the next section header. */
  private sectionEnd(i: number): number {
    let j = i + 1;
    while (j < this.ctx.lineCount && (this.ctx.blank(j) || !isSectionBreak(this.ctx.kind(j)))) j++;
    return j;
  }

  /** A fragment runs to the next header line. */
  private fragmentEnd(i: number): number {
    const base = this.ctx.indent(i);
    let j = i + 1;
    for (; j < this.ctx.lineCount; j++) {
      if (this.ctx.blank(j)) continue;
      const kind = this.ctx.kind(j);
      if (isSectionBreak(kind) || kind === 'uses' || kind === 'responses') break;
      if (this.ctx.indent(j) <= base && (kind === 'given' || kind === 'expect' || kind === 'stateDecl')) break;
    }
    return j;
  }
}
