// The one output flag of every command: `--format <name>`, choices per command, the first the default.
// Commands print their result on stdout in that format; logs, warnings and errors go to stderr.
import { Option } from 'commander';

/** For people (`pretty`) or programs (`json`, JSON lines for streams); a command may add its own (`junit`, `html`). */
export type OutputFormat = 'pretty' | 'json' | (string & {});

const DESCRIBED: Record<string, string> = {
  pretty: 'for people',
  json: 'for programs',
  junit: 'JUnit XML for CI',
  html: 'one self-contained page',
};

/**
 * `--format <format>` with `formats` as its choices; the first is the default, unless the command
 * works it out itself (`defaultNote` says how, e.g. from the --output file's extension).
 */
export function formatOption(formats: readonly [OutputFormat, ...OutputFormat[]], options: { readonly defaultNote?: string } = {}): Option {
  const listed = formats.map((f) => (DESCRIBED[f] ? `${f} (${DESCRIBED[f]})` : f)).join(', ');
  if (options.defaultNote !== undefined) return new Option('--format <format>', `output: ${listed} (default: ${options.defaultNote})`).choices(formats);
  return new Option('--format <format>', `output: ${listed}`).choices(formats).default(formats[0]);
}
