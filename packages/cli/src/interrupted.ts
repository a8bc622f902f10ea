// Long-running commands (watch, inspect --ui) run until Ctrl+C or SIGTERM.

/** Resolves on Ctrl+C or SIGTERM. */
export function interrupted(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
