// eventflow.config.ts of a new project: the flows, bindings and adapters of one deployment; the
// other deployment is written out in comments, ready to swap in.
import type { Deployment } from './starter-package.ts';

const MEMORY = `  store: { kind: 'memory' },
  transport: { kind: 'memory' },`;

const MONGO_KAFKA = `  store: { kind: 'mongodb', url: 'mongodb://127.0.0.1:27017', database: 'shop' },
  transport: { kind: 'kafka', brokers: ['127.0.0.1:9092'] },`;

const commented = (lines: string) =>
  lines
    .split('\n')
    .map((line) => `  // ${line.trimStart()}`)
    .join('\n');

export function configFile(deployment: Deployment): string {
  const [active, other, otherName] =
    deployment === 'memory'
      ? [MEMORY, MONGO_KAFKA, 'On MongoDB + Kafka (npm install @eventflow/mongodb mongodb @eventflow/kafka kafkajs):']
      : [MONGO_KAFKA, MEMORY, 'In one process, nothing kept (tests, demos):'];
  return `// Which flows, bindings and adapters \`eventflow serve\` (npm start) uses. Every field can also come from
// the environment: EVENTFLOW_STORE_URL, EVENTFLOW_TRANSPORT_BROKERS, EVENTFLOW_HTTP_PORT...
// (\`npm test\` always runs on the memory adapters.)
export default {
  flows: ['flows/**/*.flow'],
  bindings: ['flows/**/*.bindings.ts'],
${active}
  http: { port: 3000 },

  // ${otherName}
${commented(other)}
};
`;
}
