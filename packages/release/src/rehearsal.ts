// The rehearsal's steps, each run once and shared by the tests that need it: a test whose step
// failed earlier fails with that step's own error.
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installConsumer, type Consumer } from './consumer.ts';
import { publishAll, type Published } from './publish.ts';
import { readmeTour } from './readme-tour.ts';
import { run } from './run.ts';
import { startRegistry, type Registry } from './registry.ts';
import { ensureTools, type Tools } from './tools.ts';
import { libraries, repoRoot } from './workspaces.ts';

const here = dirname(fileURLToPath(import.meta.url));

function once<T>(step: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= step());
}

export class Rehearsal {
  readonly tools = once<Tools>(() => ensureTools());
  readonly registry = once<Registry>(async () => startRegistry((await this.tools()).verdaccio));
  /** dist/ as the sources are now (turbo skips what is current); the scratch copy takes it. */
  readonly built = once(() => run(join(repoRoot, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: repoRoot }));
  readonly published = once<Published>(async () => {
    await this.built();
    return publishAll(await this.registry());
  });
  readonly consumer = once<Consumer>(async () => {
    const { versions } = await this.published();
    const consumer = await installConsumer(await this.registry(), versions, libraries().map((w) => w.manifest.name));
    writeConsumerFiles(consumer.dir);
    return consumer;
  });

  /** Stops the registry and removes every folder the steps made, whichever of them ran. */
  async close(): Promise<void> {
    const settled = async <T>(step: () => Promise<T>) => step().then((value) => value, () => undefined);
    (await settled(this.consumer))?.remove();
    (await settled(this.published))?.scratch.remove();
    await (await settled(this.registry))?.stop();
  }
}

/** The README tour, a flow with .ts bindings and its .test.flow, and a tiny adapter with its conformance test. */
function writeConsumerFiles(dir: string): void {
  const tour = readmeTour();
  for (const name of ['shop.flow', 'shop-flow.ts', 'payment.bindings.ts', 'tour.ts']) writeFileSync(join(dir, name), tour[name]!);
  copyFileSync(join(here, 'consumer', 'my-store.ts'), join(dir, 'my-store.ts'));
  writeFileSync(join(dir, 'conformance.test.ts'), `${tour['conformance-readme.ts']}\n${readFileSync(join(here, 'consumer', 'conformance-tail.ts'), 'utf8')}`);
  cpSync(join(repoRoot, 'packages', 'create-eventflow', 'template', 'flows'), join(dir, 'flows'), { recursive: true });
}
