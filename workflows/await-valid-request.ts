/**
 * Validation with the manager in the loop: an invalid request is reported to its responsible manager (system
 * notification + timeline comment listing exactly what is missing), then the workflow sleeps until Bitrix24
 * says the item changed, and validates again. Unfixed for too long → escalated once.
 */
import { condition } from '@temporalio/workflow';
import { formatProblemsForManager, validateRequest } from '../domain/validation';
import type { RequestSnapshot, RequestType } from '../domain/request';
import { activities } from './activities';
import { dropCovered, hasBitrixNews, type Inbox } from './inbox';
import type { Journal } from './journal';
import { enterPhase } from './publish-state';
import type { RequestSettings } from './request-settings';
import type { RequestState } from './request-state';
import { checkSameItem } from './replaced-item';

export type ValidRequest = { request: RequestSnapshot; requestType: RequestType };

export async function awaitValidRequest(
  state: RequestState,
  inbox: Inbox,
  settings: RequestSettings,
  journal: Journal,
  /** The item as a step before just read it (undefined: not read yet). */
  firstRead?: RequestSnapshot | null,
): Promise<ValidRequest | null> {
  let round = 0;
  let waitingSinceMs = Date.now();
  let lastReported = '';
  let known = firstRead;
  for (;;) {
    enterPhase(state, 'validating');
    // Events that came after that read stay in the inbox: if the request is not valid, they trigger a re-read.
    if (known === undefined) dropCovered(state, inbox);
    const request = known !== undefined ? known : await activities.loadRequest(state.itemId);
    known = undefined;
    if (!request) return null;
    checkSameItem(state, request.createdTime);
    if (!state.title) await journal({ step: 'received', title: request.title });
    state.title = request.title;
    const verdict = validateRequest(request, {
      requestTypes: settings.requestTypes,
      checkInn: settings.checkInn,
    });
    if (verdict.ok) {
      state.problems = [];
      await journal({ step: 'validated', requestType: verdict.requestType });
      return { request, requestType: verdict.requestType };
    }

    state.problems = verdict.problems;
    enterPhase(state, 'awaiting-fix');
    const text = formatProblemsForManager(request, verdict.problems);
    // The manager is told again only when the list of problems changed, not on every unrelated edit.
    if (text !== lastReported) {
      round += 1;
      lastReported = text;
      waitingSinceMs = Date.now();
      if (settings.notifyResponsible) {
        await activities.notifyManager({ itemId: state.itemId, userId: request.assignedById, message: text });
      }
      await journal({ step: 'validation-failed', problems: verdict.problems }, String(round));
    }

    if (!state.escalated) {
      const remaining = waitingSinceMs + settings.escalateAfterMs - Date.now();
      const changed = remaining > 0 && (await condition(hasBitrixNews(inbox), remaining));
      if (!changed) await escalate(state, request, settings, text, journal);
    }
    await condition(hasBitrixNews(inbox));
  }
}

async function escalate(
  state: RequestState,
  request: RequestSnapshot,
  settings: RequestSettings,
  problems: string,
  journal: Journal,
): Promise<void> {
  state.escalated = true;
  const userId = settings.escalateToUserId ?? request.assignedById;
  const message = `[b]Эскалация:[/b] заявка №${request.itemId} не исправлена вовремя и не передана в 1С.\n${problems}`;
  await activities.notifyManager({ itemId: state.itemId, userId, message });
  await journal({ step: 'escalated', userId });
}
