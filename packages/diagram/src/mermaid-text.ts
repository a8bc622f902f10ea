// Text inside Mermaid diagrams: characters Mermaid reads as syntax are written as its `#code;` entities,
// and names become identifiers Mermaid accepts.

const ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#60;', '>': '#62;', '"': '#quot;', '{': '#123;', '}': '#125;' };

/** A label: one line, Mermaid's syntax characters escaped. */
export function mermaidText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[#;<>"{}]/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Gives each name a distinct identifier made of letters, digits and `_`, prefixed so it is never a keyword. */
export function identifiers(prefix: string): (name: string) => string {
  const taken = new Map<string, string>();
  const used = new Set<string>();
  return (name) => {
    const known = taken.get(name);
    if (known) return known;
    const base = `${prefix}${name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    taken.set(name, id);
    used.add(id);
    return id;
  };
}
