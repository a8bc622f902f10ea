// `eventflow diagram <paths...>`: state, lane or combined diagrams (LANGUAGE.md §7.3) as Mermaid text,
// SVG (laid out by Graphviz) or one self-contained HTML page. Prints to stdout, or writes `--output`
// (a file, or a directory for one file per diagram).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { createSvgRenderer, defaultDiagramType, stem, diagramSet, mermaidMarkdown, mermaidTexts, svgTexts, type DiagramType, type NamedText } from '@eventflow/diagram';
import type { FlowFile } from '@eventflow/language';
import { plural, printDiagnostics } from '../diagnostics.ts';
import { UsageError } from '../errors.ts';
import { EXIT_OK, EXIT_USAGE, palette, println, type CliIo } from '../io.ts';
import { loadFlows } from '../load.ts';
import { evaluate, flowsOf, titleOf } from '../see/evaluate.ts';
import { systemPage } from '../see/pages.ts';
import { displayPath } from '../see/save-line.ts';

export interface DiagramOptions {
  readonly type?: string;
  readonly format?: string;
  readonly output?: string;
}

type Format = 'mermaid' | 'svg' | 'html';

const EXTENSIONS: Record<string, Format> = { '.mmd': 'mermaid', '.md': 'mermaid', '.svg': 'svg', '.html': 'html' };

export async function diagramCommand(paths: readonly string[], options: DiagramOptions, io: CliIo, cwd: string): Promise<number> {
  const loaded = loadFlows(paths, { cwd, siblings: false });
  if (loaded.errors > 0) {
    printDiagnostics(io.stderr, loaded);
    println(io.stderr, palette(io).red(`✗ ${plural(loaded.errors, 'error')} in the flows; no diagram drawn`));
    return EXIT_USAGE;
  }
  const flows = flowsOf(loaded.files);
  const type = diagramType(options.type, flows);
  const output = options.output === undefined ? undefined : resolve(cwd, options.output);
  const format = diagramFormat(options.format, output);
  const title = titleOf(flows, paths);
  const set = diagramSet(flows, type, title);
  if (set.states.length === 0 && !set.lane) throw new UsageError('No machine found in the given flows: nothing to draw');
  if (format === 'html') {
    const renderer = await createSvgRenderer();
    const page = systemPage(await evaluate(loaded, loaded.files, { title, cwd, type, tests: false }), renderer, { view: 'diagram' });
    return write(io, cwd, output && !extname(output) ? join(output, `${stem(title)}.html`) : output, page);
  }
  const texts = format === 'svg' ? svgTexts(set, await createSvgRenderer()) : mermaidTexts(set);
  if (texts.length === 1 || (format === 'mermaid' && (!output || output.endsWith('.md')))) {
    return write(io, cwd, output, texts.length === 1 ? (texts[0] as NamedText).text : mermaidMarkdown(texts));
  }
  if (!output || extname(output)) {
    throw new UsageError(`${texts.length} diagrams (${texts.map((t) => t.name).join(', ')}): give --output <directory> to write one .${format === 'svg' ? 'svg' : 'mmd'} file each`);
  }
  for (const text of texts) write(io, cwd, join(output, `${text.name}.${format === 'svg' ? 'svg' : 'mmd'}`), text.text);
  return EXIT_OK;
}

function write(io: CliIo, cwd: string, path: string | undefined, text: string): number {
  if (!path) {
    io.stdout.write(text);
    return EXIT_OK;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  println(io.stderr, `wrote ${displayPath(cwd, path)}`);
  return EXIT_OK;
}

function diagramType(value: string | undefined, flows: readonly FlowFile[]): DiagramType {
  if (value === undefined) return defaultDiagramType(flows);
  if (value === 'state' || value === 'lane' || value === 'combined') return value;
  throw new UsageError(`Unknown --type '${value}': use state, lane or combined`);
}

/** `--format`, else the output file's extension, else Mermaid text. */
function diagramFormat(value: string | undefined, output: string | undefined): Format {
  if (value === 'mermaid' || value === 'svg' || value === 'html') return value;
  if (value !== undefined) throw new UsageError(`Unknown --format '${value}': use mermaid, svg or html`);
  return (output ? EXTENSIONS[extname(output)] : undefined) ?? 'mermaid';
}
