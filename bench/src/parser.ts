// 4. Parser throughput: MB/s of parse() (and parseOrThrow(), which also checks) on a generated
// .flow file of handlers, against splitting the same text into lines with a trivial regex per
// line, and against JSON.parse of a JSON document holding the same handlers.
import { parse, parseOrThrow } from '@eventflow/language';
import { startResult, statsOf, type BenchResult, type Row, type Scale } from './report.ts';
import { interleave, speedRatio, type Contender, type Measured, type RoundOptions } from './rounds.ts';

export interface ParserOptions extends RoundOptions {
  /** Approximate size of the generated .flow file. */
  readonly bytes: number;
  readonly handlersPerMachine: number;
}

export const PARSER: Record<Scale, ParserOptions> = {
  full: { rounds: 5, time: 100, warmupTime: 0, iterations: 2, warmupIterations: 1, bytes: 6_000_000, handlersPerMachine: 1_000 },
  quick: { rounds: 3, time: 50, warmupTime: 0, iterations: 2, warmupIterations: 1, bytes: 1_000_000, handlersPerMachine: 500 },
  tiny: { rounds: 1, time: 5, warmupTime: 0, iterations: 1, warmupIterations: 0, bytes: 20_000, handlersPerMachine: 20 },
};

const MB = 1_000_000;

function handlerLines(i: number, noun: string): string[] {
  const peer = `@peer${i % 7}`;
  return [
    `on :e${i} from ${peer}${i % 3 === 0 ? ' (api)' : ''}`,
    `  // handler ${i}: keeps a running total`,
    `  $count_${i} becomes $amount + ${i}`,
    '  $total increases by $amount',
    '  $items adds $item',
    `  ? $total > ${i} and $count_${i} < 1000`,
    `    ${noun} moves to #s${i % 17}`,
    `    emit :r${i} to ${peer}`,
    `      with $total, $count_${i}`,
    '  otherwise',
    '    $failures increases by 1',
    '    reply 409 conflict with:',
    '      | status | current_state |',
    '      | total  | $total        |',
  ];
}

export interface GeneratedFlow {
  readonly text: string;
  /** The same handlers as JSON: [{ machine, handlers: [{ lines: [...] }] }]. */
  readonly json: string;
  readonly handlers: number;
}

/** Machines of `handlersPerMachine` handlers each until the text reaches `bytes`. */
export function generateFlow(bytes: number, handlersPerMachine: number): GeneratedFlow {
  const parts: string[] = [];
  const doc: { machine: string; handlers: { lines: string[] }[] }[] = [];
  let size = 0;
  let handlers = 0;
  for (let m = 0; size < bytes; m++) {
    const noun = `m${m}`;
    const header = `machine: @${noun}\n\nscenario: s${m}\n\n`;
    parts.push(header);
    size += header.length;
    const machine = { machine: `@${noun}`, handlers: [] as { lines: string[] }[] };
    doc.push(machine);
    for (let h = 0; h < handlersPerMachine && size < bytes; h++, handlers++) {
      const lines = handlerLines(handlers, noun);
      const text = `${lines.map((line) => `  ${line}`).join('\n')}\n\n`;
      parts.push(text);
      size += text.length;
      machine.handlers.push({ lines });
    }
  }
  return { text: parts.join(''), json: JSON.stringify(doc), handlers };
}

const LINE_HEAD = /^\s*(\S+)/;

export async function runParser(scale: Scale = 'full'): Promise<BenchResult> {
  const options = PARSER[scale];
  const flow = generateFlow(options.bytes, options.handlersPerMachine);
  const flowMb = Buffer.byteLength(flow.text) / MB;
  const jsonMb = Buffer.byteLength(flow.json) / MB;
  const finish = startResult('parser', 'Parser throughput on a generated .flow file', scale, { ...options, flow_mb: flowMb, json_mb: jsonMb, handlers: flow.handlers });
  const checked = parse(flow.text, 'generated.flow');
  const parsedHandlers = checked.ast.machines.reduce((sum, m) => sum + (m.scenarios[0]?.handlers.length ?? 0), 0);
  if (checked.diagnostics.length > 0 || parsedHandlers !== flow.handlers) {
    throw new Error(`parser: the generated file parsed with ${checked.diagnostics.length} diagnostics and ${parsedHandlers}/${flow.handlers} handlers`);
  }
  let sink = 0;
  const contenders: Contender[] = [
    { name: 'parse()', opsPerCall: flowMb, fn: () => void (sink += parse(flow.text, 'generated.flow').ast.machines.length) },
    { name: 'parseOrThrow() (parse + check)', opsPerCall: flowMb, fn: () => void (sink += parseOrThrow(flow.text, 'generated.flow').machines.length) },
    {
      name: 'split lines + regex per line',
      opsPerCall: flowMb,
      fn: () => {
        for (const line of flow.text.split('\n')) if (LINE_HEAD.exec(line)) sink++;
      },
    },
    { name: 'JSON.parse (same handlers)', opsPerCall: jsonMb, fn: () => void (sink += (JSON.parse(flow.json) as unknown[]).length) },
  ];
  const measured = await interleave(contenders, options);
  const get = (name: string) => measured.get(name) as Measured;
  const call = (mb: number) => `one parse of ${mb.toFixed(2)} MB`;
  const row = (subject: Measured, baseline: Measured, target?: Row['target']): Row => ({
    subject: subject.name,
    baseline: baseline.name,
    unit: 'MB/s',
    subject_value: subject.ops_per_s,
    baseline_value: baseline.ops_per_s,
    ratio: speedRatio(subject, baseline),
    ratio_means: 'subject/baseline MB/s (higher is better)',
    subject_stats: statsOf(subject, call(subject.ops_per_call)),
    baseline_stats: statsOf(baseline, call(baseline.ops_per_call)),
    ...(target ? { target } : {}),
  });
  const [p, pc, lines, json] = contenders.map((c) => get(c.name)) as [Measured, Measured, Measured, Measured];
  const target = { text: `>= 20 MB/s (parse() measured ${p.ops_per_s.toFixed(1)} MB/s)`, met: p.ops_per_s >= 20 };
  return finish(
    [row(p, lines, target), row(p, json), row(pc, lines), row(pc, json)],
    { handlers: flow.handlers, flow_mb: Math.round(flowMb * 100) / 100, json_mb: Math.round(jsonMb * 100) / 100, sink: sink > 0 },
    ['The parser target is absolute (MB/s of parse()); the ratios say how far it is from a trivial scan and from JSON.parse.'],
  );
}
