// The pages `export` writes and `watch` serves: diagnostics first (file:line:col and the source excerpt),
// then the lane and state diagrams, the tests and the coverage.
import { escapeHtml, htmlPage, laneFigure, stateFigure, stem, type Figure, type PageLink, type SvgRenderer } from '@eventflow/diagram';
import { renderDiagnostic } from '../diagnostics.ts';
import type { FileDiagnostic } from '../load.ts';
import type { Evaluation } from './evaluate.ts';
import { coverageHtml, testsHtml } from './report-html.ts';

export type View = 'all' | 'diagram' | 'tests';

export interface SystemPageOptions {
  readonly view?: View;
  readonly nav?: readonly PageLink[];
  /** Server-sent events URL (watch). */
  readonly live?: string;
  /** Diagrams to keep showing while the flows have errors (watch: the last good ones). */
  readonly previous?: Evaluation;
}

export function systemPage(evaluation: Evaluation, renderer: SvgRenderer, options: SystemPageOptions = {}): string {
  const view = options.view ?? 'all';
  const sections: string[] = [diagnosticsHtml(evaluation)];
  const details: Record<string, readonly string[]> = {};
  const shown = evaluation.diagrams ? evaluation : options.previous;
  if (view !== 'tests' && shown?.diagrams) {
    const figures: Figure[] = [];
    const stale = shown === evaluation ? '' : '<p class="ef-summary ef-warn">The diagrams below are from the last version without errors.</p>';
    if (shown.diagrams.lane) figures.push(laneFigure(shown.diagrams.lane, renderer, { key: `lane_${stem(shown.title)}` }));
    for (const graph of shown.diagrams.states) figures.push(stateFigure(graph, renderer, { key: `state_${stem(graph.machine)}` }));
    for (const figure of figures) Object.assign(details, figure.details);
    sections.push(`<section id="diagrams" aria-labelledby="diagrams-h"><h2 id="diagrams-h">Diagrams</h2>${stale}${figures.map((f) => f.html).join('\n')}</section>`);
  }
  if (view !== 'diagram') {
    if (evaluation.report) {
      sections.push(`<section id="tests" aria-labelledby="tests-h"><h2 id="tests-h">Tests</h2>${testsHtml(evaluation.report)}</section>`);
      sections.push(`<section id="coverage" aria-labelledby="coverage-h"><h2 id="coverage-h">Coverage</h2>${coverageHtml(evaluation.report.coverage)}</section>`);
    } else if (evaluation.testError) {
      sections.push(`<section id="tests"><h2>Tests</h2><div class="ef-diagnostic" role="alert"><pre>${escapeHtml(evaluation.testError)}</pre></div></section>`);
    }
  }
  return htmlPage({
    title: evaluation.title,
    body: sections.filter(Boolean).join('\n'),
    details,
    ...(options.nav ? { nav: options.nav } : {}),
    ...(options.live ? { live: options.live } : {}),
  });
}

function diagnosticsHtml(evaluation: Evaluation): string {
  const entries = evaluation.loaded.diagnostics;
  if (entries.length === 0) return '';
  const items = entries.map((entry) => {
    const { loc, severity, message } = entry.diagnostic;
    const where = `${entry.file.name}:${loc.line}:${loc.column}`;
    return `<div class="ef-diagnostic" data-severity="${severity}"><strong class="${severity === 'error' ? 'ef-fail' : 'ef-warn'}">${escapeHtml(where)}</strong> ${escapeHtml(`${severity}: ${message}`)}<pre>${escapeHtml(excerpt(entry))}</pre></div>`;
  });
  const errors = evaluation.loaded.errors;
  const heading = errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : 'Warnings';
  return `<section id="problems" aria-labelledby="problems-h" role="alert"><h2 id="problems-h">${heading}</h2>${items.join('\n')}</section>`;
}

/** The rendered diagnostic without its first line (shown above it): the source line and the caret. */
function excerpt(entry: FileDiagnostic): string {
  return renderDiagnostic(entry).split('\n').slice(1).join('\n');
}
