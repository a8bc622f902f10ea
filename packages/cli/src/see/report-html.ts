// The test results and the coverage of a run as HTML tables (§6.7: states, events, guards and actions,
// covered / total, with what is still missing).
import { escapeHtml } from '@eventflow/diagram';
import type { Coverage, TestReport } from '@eventflow/flow-test';

export function testsHtml(report: TestReport): string {
  const summary =
    report.failed === 0
      ? `<p class="ef-summary ef-pass" id="ef-test-summary">✓ ${report.passed} passing (${report.durationMs}ms)</p>`
      : `<p class="ef-summary ef-fail" id="ef-test-summary">${report.passed} passing, ${report.failed} failing</p>`;
  const rows = report.suites.flatMap((suite) =>
    suite.groups.flatMap((group) =>
      group.tests.map((test) => {
        const mark = test.status === 'passed' ? '<span class="ef-pass" aria-label="passed">✓</span>' : '<span class="ef-fail" aria-label="failed">✗</span>';
        const error = test.error ? `<pre>${escapeHtml(test.error)}</pre>` : '';
        return `<tr><td>${mark}</td><td>${escapeHtml(suite.title)}</td><td>${escapeHtml(group.name)}</td><td>${escapeHtml(test.name)}${error}</td><td>${test.durationMs}ms</td></tr>`;
      }),
    ),
  );
  const table = `<div class="ef-table-wrap"><table><thead><tr><th scope="col"><span class="ef-sr">Result</span></th><th scope="col">Suite</th><th scope="col">Group</th><th scope="col">Test</th><th scope="col">Time</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return `${summary}${rows.length > 0 ? table : '<p>No scenario has expectations and no .test.flow case was found.</p>'}`;
}

export function coverageHtml(coverage: Coverage): string {
  const parts: [string, Coverage['states']][] = [
    ['States', coverage.states],
    ['Events', coverage.events],
    ['Guards', coverage.guards],
    ['Actions', coverage.actions],
  ];
  const rows = parts.map(([label, part]) => {
    const pct = part.total.length === 0 ? 100 : Math.round((100 * part.covered.length) / part.total.length);
    const missing = part.total.filter((x) => !part.covered.includes(x));
    return `<tr data-coverage="${label.toLowerCase()}"><th scope="row">${label}</th><td>${part.covered.length}/${part.total.length}</td><td><span class="ef-bar" role="img" aria-label="${pct}%"><span style="width:${pct}%"></span></span> ${pct}%</td><td>${missing.length > 0 ? `<span class="ef-warn">not covered:</span> ${escapeHtml(missing.join(', '))}` : 'all covered'}</td></tr>`;
  });
  return `<div class="ef-table-wrap"><table><thead><tr><th scope="col">Kind</th><th scope="col">Covered</th><th scope="col">Share</th><th scope="col">Missing</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
