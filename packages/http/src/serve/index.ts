// @eventflow/http/serve: EventFlow as a deployable service on Node (what `eventflow serve` runs).
export { resolveConfig, ConfigError, isConfigError, type ConfigSources, type ServeConfig } from './config.ts';
export { FIELDS, envName, type Field } from './fields.ts';
export { createLogger, type LogOptions, type ServiceLogger } from './logger.ts';
export { startService, type Service, type ServiceOptions } from './service.ts';

/** Config file names looked for in the served directory, in this order. */
export const CONFIG_FILES: readonly string[] = ['eventflow.config.ts', 'eventflow.config.mts', 'eventflow.config.js', 'eventflow.config.mjs', 'eventflow.config.json'];
export { expandPaths } from './paths.ts';
