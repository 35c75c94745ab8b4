// Every workflow the worker registers.
export { requestWorkflow } from './request-workflow';
export { counterpartyWorkflow, counterpartyByInnWorkflow } from './counterparty-workflow';
export { reconcileWorkflow } from './reconcile-workflow';
