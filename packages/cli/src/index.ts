export { runCli, main } from './main.ts';
export type { CliIo, Output } from './io.ts';
