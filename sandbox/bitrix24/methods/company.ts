/** crm.company.* — legacy company methods (see legacy-entity.ts for the shared behaviour). */
import { field, legacyEntityMethods, readOnlyField, type LegacyFieldDef } from './legacy-entity';

const s = field;
const ro = readOnlyField;

const COMPANY_FIELDS: LegacyFieldDef[] = [
  ro('ID', 'ID', 'integer'),
  s('TITLE', 'Company name'),
  s('COMPANY_TYPE', 'Company type', 'crm_status'),
  s('LEAD_ID', 'Lead', 'crm_lead'),
  ro('HAS_PHONE', 'Has phone', 'char'),
  ro('HAS_EMAIL', 'Has email', 'char'),
  ro('HAS_IMOL', 'Has Open Channel', 'char'),
  s('ASSIGNED_BY_ID', 'Responsible person', 'user'),
  ro('CREATED_BY_ID', 'Created by', 'user'),
  ro('MODIFY_BY_ID', 'Modified by', 'user'),
  s('BANKING_DETAILS', 'Payment details'),
  s('INDUSTRY', 'Industry', 'crm_status'),
  s('REVENUE', 'Annual revenue', 'double'),
  s('CURRENCY_ID', 'Currency', 'crm_currency'),
  s('EMPLOYEES', 'Employees', 'crm_status'),
  s('COMMENTS', 'Comment'),
  ro('DATE_CREATE', 'Created on', 'datetime'),
  ro('DATE_MODIFY', 'Modified on', 'datetime'),
  s('OPENED', 'Available to everyone', 'char'),
  s('IS_MY_COMPANY', 'My Company', 'char'),
  s('ORIGINATOR_ID', 'External source'),
  s('ORIGIN_ID', 'Item ID in data source'),
  s('ORIGIN_VERSION', 'Original version'),
  s('ADDRESS', 'Street address'),
  s('ADDRESS_CITY', 'City'),
  s('ADDRESS_POSTAL_CODE', 'Zip'),
  s('ADDRESS_COUNTRY', 'Country'),
  s('REG_ADDRESS', 'Legal address'),
  s('UTM_SOURCE', 'Ad system'),
  { name: 'PHONE', type: 'crm_multifield', title: 'Phone', multiple: true },
  { name: 'EMAIL', type: 'crm_multifield', title: 'E-mail', multiple: true },
  { name: 'WEB', type: 'crm_multifield', title: 'Website', multiple: true },
  { name: 'IM', type: 'crm_multifield', title: 'Messenger', multiple: true },
];

export const companyMethods = legacyEntityMethods({
  name: 'company',
  owner: 'COMPANY',
  notFoundText: 'Company is not found',
  fields: COMPANY_FIELDS,
  defaults: () => ({
    TITLE: '',
    COMPANY_TYPE: 'CUSTOMER',
    OPENED: 'Y',
    IS_MY_COMPANY: 'N',
    CURRENCY_ID: 'RUB',
    REVENUE: '0',
  }),
});
