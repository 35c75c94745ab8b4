// Every workflow the worker registers.
export { requestWorkflow } from './request-workflow';
export { counterpartyWorkflow } from './counterparty-workflow';
export { onecRequestWorkflow } from './onec-request-workflow';
export { bitrixClientWorkflow } from './bitrix-client-workflow';
export { onecSweepWorkflow } from './sweep-onec-requests';
