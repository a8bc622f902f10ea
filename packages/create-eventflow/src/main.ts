#!/usr/bin/env node
// `npm create eventflow@latest my-app`: scaffolds a project without asking anything; flags choose.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scaffold, ScaffoldError } from './scaffold.ts';
import type { Deployment } from './starter-package.ts';

const USAGE = `Usage: npm create eventflow@latest [folder] -- [options]

Creates an EventFlow project: one system of two machines in .flow files, their bindings, a
.test.flow, and eventflow.config.ts. Asks nothing; the folder defaults to "eventflow-app".

Options:
  --name <name>          package name (default: the folder's name)
  --deploy <adapters>    memory (default) or mongo-kafka: the adapters eventflow.config.ts uses
  --install              run npm install in the new folder
  --force                write into a folder that already has files
  -h, --help             print this help`;

const DEPLOYMENTS: readonly Deployment[] = ['memory', 'mongo-kafka'];

export function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        deploy: { type: 'string', default: 'memory' },
        install: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`error: one folder expected, got ${positionals.length}: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const deployment = values.deploy as Deployment;
  if (!DEPLOYMENTS.includes(deployment)) {
    console.error(`error: --deploy must be one of ${DEPLOYMENTS.join(', ')}; got "${values.deploy}"`);
    return 2;
  }
  const folder = positionals[0] ?? 'eventflow-app';
  const dir = resolve(folder);
  try {
    scaffold({ dir, deployment, force: values.force, ...(values.name !== undefined ? { name: values.name } : {}) });
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    console.error(`error: ${error.message}`);
    return 1;
  }
  console.log(`Created ${folder}: the system "shop", where @order asks @payment (flows/), on ${deployment === 'memory' ? 'the memory adapters' : 'MongoDB + Kafka'}.\n`);
  const steps = [`cd ${folder}`];
  if (values.install) {
    const install = spawnSync('npm', ['install'], { cwd: dir, stdio: 'inherit' });
    if (install.status !== 0) {
      console.error(`error: npm install failed in ${folder} (exit ${install.status}); run it there again`);
      return 1;
    }
  } else {
    steps.push('npm install');
  }
  steps.push('npm test      # runs the scenarios and shop.test.flow', 'npm start     # serves the (api) handlers on http://127.0.0.1:3000');
  console.log(steps.map((step) => `  ${step}`).join('\n'));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
