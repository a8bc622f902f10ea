import { parse } from '@eventflow/language';
import { generateFlow } from './src/parser.ts';
const flow = generateFlow(6_000_000, 1000);
const gc = (globalThis as any).gc as () => void;
gc(); const before = process.memoryUsage().heapUsed;
const r = parse(flow.text, 'generated.flow');
gc(); const after = process.memoryUsage().heapUsed;
console.log('AST retained MB', ((after - before) / 1e6).toFixed(1), 'text MB', (flow.text.length/1e6).toFixed(1));
(globalThis as any).keep = r;
