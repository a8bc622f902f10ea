// A `triggered:` handler runs on its schedule, once per instance in its `for each` states
// (LANGUAGE.md §3.12). Sent as an event with no instance named, it is refused with that said, rather
// than with the routing error's advice to add an id.
import type { Handler } from '@eventflow/language';
import { EventFlowError } from './errors.ts';

/** Throws when `handler` is scheduled and the event names no instance. */
export function refuseUntargetedScheduled(machine: string, event: string, handler: Handler, aggregateId: string | undefined): void {
  if (handler.triggered === undefined || aggregateId !== undefined) return;
  const forEach = handler.body.find((s) => s.kind === 'ForEach');
  const which = forEach ? `every instance in ${forEach.states.join(', ')}` : 'every instance';
  throw new EventFlowError('SCHEDULED_EVENT', `${event} of ${machine} runs on its schedule (triggered: every ${handler.triggered}) for ${which}; it is not sent to one instance`, {
    hint: `Run it now with runtime.trigger('${machine}', '${event}').`,
  });
}
