// Every workflow the worker registers.
export { requestWorkflow } from './request-workflow';
export { counterpartyWorkflow, counterpartyByInnWorkflow } from './counterparty-workflow';
export { reconcileWorkflow } from './reconcile-workflow';
export { onecRequestWorkflow } from './onec-request-workflow';
export { bitrixClientWorkflow } from './bitrix-client-workflow';
export { onecSweepWorkflow } from './sweep-onec-requests';
export { bitrixActivityWorkflow } from './bitrix-activity-workflow';
export { onecInteractionWorkflow } from './onec-interaction-workflow';
export { offlineEventsWorkflow } from './offline-events-workflow';
export { backfillWorkflow } from './backfill-workflow';
export { clientSyncWorkflow } from './client-sync-workflow';
export { portalBudgetWorkflow } from './portal-budget-workflow';
