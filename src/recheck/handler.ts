import { runWeeklyRecheck } from './weeklyRecheck';

/**
 * The hourly scheduled trigger (manifest: function `token-recheck`). It needs nothing from the
 * trigger's event. It logs counts only, never account ids or tokens; a failure is thrown so the
 * invocation shows as failed in `forge logs`, and the next run resumes the pass.
 */
export async function tokenRecheckHandler(): Promise<void> {
  const { checked, notDue, paused, rotationsCompleted, passFinished } = await runWeeklyRecheck();
  console.log(
    `Token re-check: ${checked} checked, ${notDue} not due, ${paused} waiting for a rate-limited host, ${rotationsCompleted} rotations completed; pass ${passFinished ? 'finished' : 'continues next run'}`,
  );
}
