// Reporters: pretty (LANGUAGE.md §7.2 layout), JSON and JUnit XML.
import type { Coverage, TestReport } from './report.ts';

/** The colours a report is printed with (identity functions for plain text). */
export interface Colors {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  yellow(text: string): string;
}

const plain: Colors = { green: (t) => t, red: (t) => t, dim: (t) => t, bold: (t) => t, yellow: (t) => t };
const RULE = '─'.repeat(40);

/** A report as the terminal shows it: suites, groups, ticks and crosses, and a summary. */
export function formatPretty(report: TestReport, options: { colors?: Colors; verbose?: boolean; coverage?: boolean } = {}): string {
  const c = options.colors ?? plain;
  const lines: string[] = [];
  for (const suite of report.suites) {
    lines.push(c.bold(suite.title), RULE, '');
    for (const group of suite.groups) {
      lines.push(`  ${group.name}`);
      for (const test of group.tests) {
        const mark = test.status === 'passed' ? c.green('✓') : c.red('✗');
        lines.push(`    ${mark} ${test.name} ${c.dim(`(${test.durationMs}ms)`)}`);
        if (test.error) lines.push(...test.error.split('\n').map((l) => `      ${c.red(l)}`));
        if (options.verbose) lines.push(...test.warnings.map((w) => `      ${c.yellow(`warning: ${w}`)}`));
      }
      lines.push('');
    }
  }
  lines.push(RULE);
  lines.push(
    report.failed === 0
      ? c.green(`✓ ${report.passed} passing (${report.durationMs}ms)`)
      : `${c.green(`${report.passed} passing`)}, ${c.red(`${report.failed} failing`)}`,
  );
  if (options.coverage) lines.push('', ...formatCoverage(report.coverage));
  return lines.join('\n');
}

/** The coverage lines: states, events, guards and actions covered of each machine. */
export function formatCoverage(coverage: Coverage): string[] {
  const row = (label: string, part: { covered: readonly string[]; total: readonly string[] }) => {
    const pct = part.total.length === 0 ? 100 : Math.round((100 * part.covered.length) / part.total.length);
    return `  ${`${label}:`.padEnd(9)} ${`${part.covered.length}/${part.total.length}`.padEnd(5)} ${`(${pct}%)`.padEnd(7)} ${part.covered.join(', ')}`;
  };
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const slugged = (part: { covered: readonly string[]; total: readonly string[] }) => ({ covered: part.covered.map(slug), total: part.total.map(slug) });
  return [
    'Coverage:',
    row('States', coverage.states),
    row('Events', coverage.events),
    row('Guards', slugged(coverage.guards)),
    row('Actions', slugged(coverage.actions)),
  ];
}

/** A report as JSON. */
export function formatJson(report: TestReport): string {
  return JSON.stringify(report, null, 2);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A report as JUnit XML, for CI. */
export function formatJunit(report: TestReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites tests="${report.passed + report.failed}" failures="${report.failed}" time="${report.durationMs / 1000}">`];
  for (const suite of report.suites) {
    const tests = suite.groups.flatMap((g) => g.tests.map((t) => ({ group: g.name, ...t })));
    const failures = tests.filter((t) => t.status === 'failed').length;
    out.push(`  <testsuite name="${xml(suite.title)}" tests="${tests.length}" failures="${failures}" file="${xml(suite.file)}">`);
    for (const t of tests) {
      const open = `    <testcase classname="${xml(`${suite.title} / ${t.group}`)}" name="${xml(t.name)}" time="${t.durationMs / 1000}"`;
      if (t.status === 'passed') out.push(`${open}/>`);
      else out.push(`${open}>`, `      <failure message="${xml((t.error ?? '').split('\n')[0] ?? '')}">${xml(t.error ?? '')}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}
