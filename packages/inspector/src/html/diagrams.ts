// The inspector's diagrams: a machine's state diagram with a state highlighted (laid out once per
// machine and state: Graphviz takes a moment) and a conversation's lane diagram, drawn by
// @eventflow/diagram. One cache per inspector, never shared between processes' inspectors.
import type { StoredRecord } from '@eventflow/core';
import { createSvgRenderer, laneFigure, laneFromRecords, stateFigure, stateGraph, type Figure, type SvgRenderer } from '@eventflow/diagram';
import type { MachineDecl } from '@eventflow/language';

export class Diagrams {
  readonly #machines: ReadonlyMap<string, MachineDecl>;
  readonly #figures = new Map<string, Figure>();
  #renderer: Promise<SvgRenderer> | undefined;

  constructor(machines: ReadonlyMap<string, MachineDecl>) {
    this.#machines = machines;
  }

  /** Undefined for a machine no flow declares (a store inspected without its flows). */
  async state(machine: string, current?: string): Promise<Figure | undefined> {
    const decl = this.#machines.get(machine);
    if (!decl) return undefined;
    const key = `${machine}\n${current ?? ''}`;
    let figure = this.#figures.get(key);
    if (!figure) {
      figure = stateFigure(stateGraph(decl), await this.#svg(), { key: `state_${machine.replace(/^@/, '')}`, ...(current !== undefined ? { current } : {}) });
      this.#figures.set(key, figure);
    }
    return figure;
  }

  async lane(records: readonly StoredRecord[], title: string): Promise<Figure> {
    return laneFigure(laneFromRecords(records, title), await this.#svg(), { key: 'lanes' });
  }

  #svg(): Promise<SvgRenderer> {
    this.#renderer ??= createSvgRenderer();
    return this.#renderer;
  }
}
