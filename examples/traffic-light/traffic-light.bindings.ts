// The timer of the traffic light: the flow says how long to wait; the real timer belongs to the host,
// so this binding only records the length (a host would schedule :timer_expired from @system).
import { defineBindings } from '@eventflow/core';

export default defineBindings('@traffic_light', (b) => {
  b.action('start timer for {number} seconds', (_ctx, seconds: number) => ({ timer_seconds: seconds }));
});
