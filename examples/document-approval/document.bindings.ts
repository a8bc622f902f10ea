// Who has signed the document so far: the function the flow calls as already_approved_by(@reviewer.id).
import { defineBindings } from '@eventflow/core';

export default defineBindings('@document', (b) => {
  b.fn('already_approved_by', (ctx, reviewer) => reviewer === ctx.get('first_approver') || reviewer === ctx.get('final_approver'));
});
