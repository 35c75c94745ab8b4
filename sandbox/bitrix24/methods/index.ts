/** Every REST method the sandbox portal serves (except `batch`, which the transport wires itself). */
import { addressMethods } from './address';
import { companyMethods } from './company';
import { contactMethods } from './contact';
import { crmItemMethods } from './crm-item';
import { crmStatusMethods } from './crm-status';
import { crmTypeMethods } from './crm-type';
import { duplicateMethods } from './duplicate';
import { extraMethods } from './extra';
import { requisiteMethods } from './requisite';
import type { MethodHandler } from './types';

export function allMethods(): Record<string, MethodHandler> {
  return {
    ...crmTypeMethods,
    ...crmItemMethods,
    ...crmStatusMethods,
    ...companyMethods,
    ...contactMethods,
    ...requisiteMethods,
    ...addressMethods,
    ...duplicateMethods,
    ...extraMethods,
  };
}
