// The canonical printer: 2-space indents, `(api)` (or `on>` when the handler was written so),
// canonical conditions and expressions, padded tables. parse(print(ast)) gives back `ast`.

import type { Assertion, AssumeLine, Expr, FlowFile, GivenLine, Handler, MachineDecl, Scenario, Statement, TestCase, TestDecl } from './ast.ts';
import { printCondition, printExpr, quoted } from './print-expr.ts';
import { printAssertionLines, printAssumeLine, printEmitLines, printGivenLine, printTable } from './print-lines.ts';

class Out {
  readonly lines: string[] = [];
  push(level: number, text: string): void {
    this.lines.push(`${'  '.repeat(level)}${text}`);
  }
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }
}

/** Prints a parsed file back as `.flow` text; parsing the result gives the same tree. */
export function print(ast: FlowFile): string {
  const out = new Out();
  if (ast.statements !== undefined && ast.statements.length > 0) {
    printBlock(out, 0, ast.statements);
    out.blank();
  }
  if (ast.system !== undefined) {
    out.push(0, `system: ${ast.system.name}`);
    if (ast.system.uses.length > 0) {
      out.blank();
      out.push(0, 'uses:');
      for (const u of ast.system.uses) out.push(1, `${u.machine} from ${quoted(u.path)}`);
    }
    out.blank();
  }
  for (const machine of ast.machines) {
    printMachine(out, machine);
    out.blank();
  }
  for (const test of ast.tests) {
    printTest(out, test);
    out.blank();
  }
  while (out.lines[out.lines.length - 1] === '') out.lines.pop();
  return `${out.lines.join('\n')}\n`;
}

function printMachine(out: Out, machine: MachineDecl): void {
  const level = machine.implicit ? 0 : 1;
  if (!machine.implicit) out.push(0, `machine: ${machine.name}`);
  for (const s of machine.states) out.push(level, s.state);
  if (machine.responses.length > 0) {
    out.push(level, 'responses:');
    for (const r of machine.responses) {
      out.push(level + 1, `${r.name}:`);
      for (const row of printTable(r.fields.map((f) => [f.key, printExpr(f.value)]))) out.push(level + 2, row);
    }
  }
  for (const scenario of machine.scenarios) {
    out.blank();
    printScenario(out, level, scenario);
  }
}

function printScenario(out: Out, level: number, scenario: Scenario): void {
  let inner = level;
  if (scenario.name !== undefined) {
    out.push(level, `scenario: ${scenario.name}`);
    inner = level + 1;
  }
  if (scenario.given.length > 0) {
    out.push(inner, 'given:');
    printGiven(out, inner + 1, scenario.given);
  }
  for (const handler of scenario.handlers) {
    out.blank();
    printHandler(out, inner, handler);
  }
  if (scenario.expect.length > 0) {
    out.blank();
    out.push(inner, 'expect:');
    printAssertions(out, inner + 1, scenario.expect);
  }
}

function printHandler(out: Out, level: number, h: Handler): void {
  const modifiers: string[] = [];
  if (h.queued) modifiers.push('(queued api)');
  else if (h.api && !h.legacyApi) modifiers.push('(api)');
  if (h.priority !== undefined) modifiers.push(`(priority ${h.priority})`);
  const from = h.from === undefined ? '' : ` from ${h.from}`;
  out.push(level, [`${h.legacyApi ? 'on>' : 'on'} ${h.event}${from}`, ...modifiers].join(' '));
  if (h.triggered !== undefined) out.push(level + 1, `triggered: every ${h.triggered}`);
  if (h.given.length > 0) {
    out.push(level + 1, 'given:');
    printGiven(out, level + 2, h.given);
  }
  printBlock(out, level + 1, h.body);
  if (h.expect.length > 0) {
    out.push(level + 1, 'expect:');
    printAssertions(out, level + 2, h.expect);
  }
}

function printGiven(out: Out, level: number, lines: readonly GivenLine[]): void {
  for (const line of lines) {
    if (line.kind === 'GivenTable') {
      out.push(level, `${line.text}:`);
      for (const row of printTable([line.header, ...line.rows])) out.push(level + 1, row);
    } else out.push(level, printGivenLine(line));
  }
}

function printAssertions(out: Out, level: number, assertions: readonly Assertion[]): void {
  for (const a of assertions) for (const line of printAssertionLines(a)) out.push(level, line);
}

/** Statements of one block; a blank line separates a guard chain from a following chain. */
function printBlock(out: Out, level: number, body: readonly Statement[]): void {
  body.forEach((statement, at) => {
    const prev = body[at - 1];
    if (prev?.kind === 'GuardChain' && statement.kind === 'GuardChain') out.lines.push('');
    printStatement(out, level, statement);
  });
}

function printStatement(out: Out, level: number, s: Statement): void {
  switch (s.kind) {
    case 'Transition':
      return out.push(level, `${s.subject} ${s.verb} ${s.state}`);
    case 'ContextOp': {
      const head = `$${s.variable}${s.type === undefined ? '' : `: ${s.type}`} ${s.op === 'increases' || s.op === 'decreases' ? `${s.op} by` : s.op}`;
      if (s.emit !== undefined) {
        const [emitLine, ...rest] = printEmitLines(s.emit);
        out.push(level, `${head} ${emitLine}`);
        for (const line of rest) out.push(level, line);
      } else out.push(level, s.value === undefined ? head : `${head} ${printExpr(s.value)}`);
      if (s.validation !== undefined) {
        for (const row of printTable(s.validation.map((v) => [`$${v.variable}`, v.rules.map((r) => r.text).join(', ')]))) out.push(level + 1, row);
      }
      return;
    }
    case 'Emit':
      for (const line of printEmitLines(s)) out.push(level, line);
      return;
    case 'Reply': {
      const reason = s.reason === undefined ? '' : ` ${s.reason}`;
      const b = s.body;
      const tail = b.kind === 'none' ? '' : b.kind === 'fields' ? ' with:' : b.kind === 'named' ? ` with ${b.name}` : ` with ^${b.name}`;
      out.push(level, `reply ${s.status}${reason}${tail}`);
      if (b.kind === 'fields') for (const row of fieldRows(b.fields)) out.push(level + 1, row);
      return;
    }
    case 'Schedule':
      return out.push(level, `schedule ${s.event} for ${printExpr(s.delay)} ${s.unit}`);
    case 'Action':
      return out.push(level, s.text);
    case 'ForEach':
      out.push(level, `for each ${s.alias} in ${s.states.join(', ')}`);
      return printBlock(out, level + 1, s.body);
    case 'GuardChain':
      for (const branch of s.branches) {
        for (const line of branch.lines) out.push(level, `${line.op} ${printCondition(line.condition)}`);
        if (branch.body !== undefined) printBlock(out, level + 1, branch.body);
      }
      if (s.otherwise !== undefined) {
        out.push(level, s.elseSpelling ?? 'otherwise');
        printBlock(out, level + 1, s.otherwise);
      }
      return;
  }
}

function printTest(out: Out, test: TestDecl): void {
  out.push(0, `test: ${test.machine ?? (test.system === undefined ? '' : `system ${test.system}`)}`);
  for (const scenario of test.scenarios) {
    out.blank();
    out.push(1, `for scenario: ${scenario.name}`);
    for (const group of scenario.groups) {
      out.blank();
      out.push(2, `for ${group.event}${group.machine === undefined ? '' : ` to ${group.machine}`}:`);
      for (const c of group.cases) printCase(out, 3, c);
    }
    for (const c of scenario.cases) {
      out.blank();
      printCase(out, 2, c);
    }
  }
}

function printCase(out: Out, level: number, c: TestCase): void {
  out.push(level, `${c.name}:`);
  const blocks: [string, readonly GivenLine[]][] = [
    ['with scenario:', c.withScenario],
    ['with given:', c.withGiven],
    ['with event:', c.withEvent],
    ['with context:', c.withContext],
  ];
  for (const [header, lines] of blocks) {
    if (lines.length === 0) continue;
    out.push(level + 1, header);
    printGiven(out, level + 2, lines);
  }
  if (c.assume.length > 0) {
    out.push(level + 1, 'assume:');
    printAssume(out, level + 2, c.assume);
  }
  if (c.observe.length > 0) {
    out.push(level + 1, 'observe:');
    for (const text of c.observe) out.push(level + 2, text);
  }
  for (const step of c.steps) out.push(level + 1, `${step.step} ${step.event}${step.from === undefined ? '' : ` from ${step.from}`}`);
  printAssertions(out, level + 1, c.assertions);
}

/** Consecutive lines scoped to the same event share one `in :event` block. */
function printAssume(out: Out, level: number, lines: readonly AssumeLine[]): void {
  let scope: string | undefined;
  for (const line of lines) {
    if (line.event !== scope) {
      scope = line.event;
      if (scope !== undefined) out.push(level, `in ${scope}`);
    }
    out.push(scope === undefined ? level : level + 1, printAssumeLine(line));
  }
}

/** A reply's key/value rows; without rows it keeps its header, so `with:` is still followed by a table (a response needs none). */
function fieldRows(fields: readonly { readonly key: string; readonly value: Expr }[]): string[] {
  return fields.length === 0 ? ['| field | value |'] : printTable(fields.map((f) => [f.key, printExpr(f.value)]));
}
