// The lines of `run`'s input as they arrive, from a string (an --events file, tests) or a stream
// (stdin): a pipe or a person typing is answered line by line, not at the end of the input.

export async function* inputLines(input: string | AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield* input.split(/\r?\n/);
    return;
  }
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      yield pending.slice(0, end).replace(/\r$/, '');
      pending = pending.slice(end + 1);
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield pending;
}
