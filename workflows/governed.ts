/**
 * Runs started before the Bitrix24 governor and batched calls existed replay exactly as recorded: the patch
 * marker is set on the first use in a new run, and every changed step asks it (the SDK memoises the answer).
 * Changed: Bitrix24 activities on their own task queue, history rows written concurrently, echoes of our own
 * writes not re-read, the stage after the link write taken from its answer, an existing counterparty found
 * before queueing for the per-client workflow.
 */
import { patched } from '@temporalio/workflow';

export const governed = (): boolean => patched('governed-bitrix24-calls');

/** Runs started before copies of one Bitrix24 event were collapsed re-read the item for each copy. */
export const collapsingDeliveries = (): boolean => patched('collapse-duplicate-deliveries');
