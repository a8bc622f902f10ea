// The lanes of a diagram in order of first appearance (LANGUAGE.md §7.3: the first appearance fixes
// the lane order).
import type { Lane } from './model.ts';

export class LaneBook {
  private readonly lanes = new Map<string, Lane>();
  private readonly kindOf: (id: string) => Lane['kind'];

  constructor(kindOf: (id: string) => Lane['kind']) {
    this.kindOf = kindOf;
  }

  add(id: string, label: string = id): void {
    if (!this.lanes.has(id)) this.lanes.set(id, { id, label, kind: this.kindOf(id) });
  }

  list(): Lane[] {
    return [...this.lanes.values()];
  }
}
