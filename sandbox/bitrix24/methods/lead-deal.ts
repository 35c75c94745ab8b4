/**
 * Leads and deals, stored like companies and contacts (UPPER_CASE rows, see legacy-entity.ts). The portal
 * serves them through `crm.item.*` (entity types 1 and 2); their legacy `crm.lead.*` / `crm.deal.*` methods are
 * not part of this sandbox, so these handlers stay internal to the crm.item view.
 */
import { field, legacyEntityMethods, readOnlyField, type LegacyFieldDef } from './legacy-entity';

const s = field;
const ro = readOnlyField;

const COMMON: LegacyFieldDef[] = [
  ro('ID', 'ID', 'integer'),
  s('TITLE', 'Name'),
  s('ASSIGNED_BY_ID', 'Responsible person', 'user'),
  ro('CREATED_BY_ID', 'Created by', 'user'),
  ro('MODIFY_BY_ID', 'Modified by', 'user'),
  ro('DATE_CREATE', 'Created on', 'datetime'),
  ro('DATE_MODIFY', 'Modified on', 'datetime'),
  s('OPENED', 'Available to everyone', 'char'),
  s('COMMENTS', 'Comment'),
  s('SOURCE_ID', 'Source', 'crm_status'),
  s('OPPORTUNITY', 'Amount', 'double'),
  s('CURRENCY_ID', 'Currency', 'crm_currency'),
  s('COMPANY_ID', 'Company', 'crm_company'),
  s('CONTACT_ID', 'Contact', 'crm_contact'),
];

export const leadMethods = legacyEntityMethods({
  name: 'lead',
  owner: 'LEAD',
  notFoundText: 'Lead is not found',
  fields: [
    ...COMMON,
    s('NAME', 'First name'),
    s('LAST_NAME', 'Last name'),
    s('SECOND_NAME', 'Second name'),
    s('STATUS_ID', 'Status', 'crm_status'),
    s('COMPANY_TITLE', 'Company name'),
    ro('HAS_PHONE', 'Has phone', 'char'),
    ro('HAS_EMAIL', 'Has email', 'char'),
    { name: 'PHONE', type: 'crm_multifield', title: 'Phone', multiple: true },
    { name: 'EMAIL', type: 'crm_multifield', title: 'E-mail', multiple: true },
  ],
  defaults: () => ({ TITLE: '', STATUS_ID: 'NEW', OPENED: 'Y', CURRENCY_ID: 'RUB', OPPORTUNITY: '0' }),
});

export const dealMethods = legacyEntityMethods({
  name: 'deal',
  owner: 'DEAL',
  notFoundText: 'Deal is not found',
  fields: [
    ...COMMON,
    s('TYPE_ID', 'Type', 'crm_status'),
    s('STAGE_ID', 'Stage', 'crm_status'),
    s('CATEGORY_ID', 'Pipeline', 'crm_category'),
    s('BEGINDATE', 'Start date', 'date'),
    s('CLOSEDATE', 'End date', 'date'),
    s('CLOSED', 'Closed', 'char'),
  ],
  defaults: () => ({
    TITLE: '',
    STAGE_ID: 'NEW',
    CATEGORY_ID: '0',
    CLOSED: 'N',
    OPENED: 'Y',
    CURRENCY_ID: 'RUB',
    OPPORTUNITY: '0',
  }),
});
