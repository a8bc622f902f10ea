// The hand-written equivalent of order.flow + payment.flow: a Map of instances, a switch-based
// transition, an array append per event, and the reply routed back by instance id. It is the
// floor of what the same work costs in plain TypeScript.

interface Instance {
  readonly id: string;
  readonly machine: 'order' | 'payment';
  state: string;
  context: Record<string, unknown>;
  /** Who to answer (payment -> its order). */
  replyTo?: string;
}

interface Message {
  readonly event: 'checkout' | 'payment_request' | 'payment_success';
  /** Target instance; absent = create one. */
  readonly to?: string;
  readonly machine: 'order' | 'payment';
  readonly from?: string;
  readonly data: Record<string, unknown>;
}

export interface LoggedEvent {
  readonly id: string;
  readonly seq: number;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

export class HandWritten {
  readonly instances = new Map<string, Instance>();
  readonly log: LoggedEvent[] = [];
  private readonly queue: Message[] = [];
  private readonly seqs = new Map<string, number>();
  private next = 0;

  /** Runs one checkout conversation to the end; returns the order id. */
  checkout(total: number): string {
    this.queue.push({ event: 'checkout', machine: 'order', data: { total } });
    let order = '';
    for (let message = this.queue.shift(); message; message = this.queue.shift()) {
      const instance = this.route(message);
      if (message.event === 'checkout') order = instance.id;
      this.apply(instance, message);
    }
    return order;
  }

  state(id: string): string | undefined {
    return this.instances.get(id)?.state;
  }

  private route(message: Message): Instance {
    if (message.to !== undefined) {
      const found = this.instances.get(message.to);
      if (!found) throw new Error(`no instance ${message.to}`);
      return found;
    }
    const id = `${message.machine}-${(this.next++).toString(36)}`;
    const created: Instance = { id, machine: message.machine, state: 'idle', context: {} };
    this.instances.set(id, created);
    return created;
  }

  private apply(instance: Instance, message: Message): void {
    switch (`${instance.machine}:${instance.state}:${message.event}`) {
      case 'order:idle:checkout':
        instance.context = { ...instance.context, total: message.data['total'] };
        instance.state = 'awaiting_payment';
        this.queue.push({ event: 'payment_request', machine: 'payment', from: instance.id, data: { total: instance.context['total'] } });
        break;
      case 'payment:idle:payment_request':
        instance.context = { ...instance.context, amount: message.data['total'] };
        instance.state = 'captured';
        if (message.from !== undefined) instance.replyTo = message.from;
        this.queue.push({ event: 'payment_success', machine: 'order', to: instance.replyTo, from: instance.id, data: {} });
        break;
      case 'order:awaiting_payment:payment_success':
        instance.state = 'paid';
        break;
      default:
        throw new Error(`${instance.machine} in ${instance.state} cannot handle ${message.event}`);
    }
    const seq = (this.seqs.get(instance.id) ?? 0) + 1;
    this.seqs.set(instance.id, seq);
    this.log.push({ id: instance.id, seq, event: message.event, data: message.data });
  }
}
