/**
 * Failure messages and stack traces can quote client data (a rejected INN, a 1C error echoing a name).
 * With `encodeCommonAttributes` they travel inside an encoded payload, so the codec seals them too; the
 * history shows only "Encoded failure". Loaded by path (`failureConverterPath`): the workflow sandbox
 * needs it as well.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
