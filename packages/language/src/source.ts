// The text of one .flow file and the name diagnostics show for it (graphql-js `Source`).

/** The text of one `.flow` file and its name; turns offsets into lines and columns for diagnostics. */
export class Source {
  /** The file's text as read (UTF-8 decoded), every line break (CRLF, or a CR alone as old Mac files have) as LF. */
  readonly body: string;
  /** Shown in diagnostics: `order.flow:12:5`. */
  readonly name: string;

  constructor(body: string, name = 'input.flow') {
    this.body = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
    this.name = name;
  }
}

/** Accepts a `Source` or a plain string (named `name`). */
export function toSource(source: Source | string, name?: string): Source {
  return typeof source === 'string' ? new Source(source, name) : source;
}
