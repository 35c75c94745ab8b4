// Every workflow the worker registers.
export { requestWorkflow } from './request-workflow';
export { counterpartyWorkflow, counterpartyByInnWorkflow } from './counterparty-workflow';
export { reconcileWorkflow } from './reconcile-workflow';
export { onecRequestWorkflow } from './onec-request-workflow';
export { bitrixClientWorkflow } from './bitrix-client-workflow';
export { onecSweepWorkflow } from './sweep-onec-requests';
export { clientSyncWorkflow } from './client-sync-workflow';
