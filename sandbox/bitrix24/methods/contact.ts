/** crm.contact.* — legacy contact methods (see legacy-entity.ts for the shared behaviour). */
import { field, legacyEntityMethods, readOnlyField, type LegacyFieldDef } from './legacy-entity';

const s = field;
const ro = readOnlyField;

const CONTACT_FIELDS: LegacyFieldDef[] = [
  ro('ID', 'ID', 'integer'),
  s('HONORIFIC', 'Salutation', 'crm_status'),
  s('NAME', 'First name'),
  s('SECOND_NAME', 'Second name'),
  s('LAST_NAME', 'Last name'),
  s('BIRTHDATE', 'Date of birth', 'date'),
  s('TYPE_ID', 'Contact type', 'crm_status'),
  s('SOURCE_ID', 'Source', 'crm_status'),
  s('SOURCE_DESCRIPTION', 'Source information'),
  s('POST', 'Position'),
  s('COMMENTS', 'Comment'),
  s('OPENED', 'Available to everyone', 'char'),
  s('EXPORT', 'Included in export', 'char'),
  ro('HAS_PHONE', 'Has phone', 'char'),
  ro('HAS_EMAIL', 'Has email', 'char'),
  ro('HAS_IMOL', 'Has Open Channel', 'char'),
  s('ASSIGNED_BY_ID', 'Responsible person', 'user'),
  ro('CREATED_BY_ID', 'Created by', 'user'),
  ro('MODIFY_BY_ID', 'Modified by', 'user'),
  ro('DATE_CREATE', 'Created on', 'datetime'),
  ro('DATE_MODIFY', 'Modified on', 'datetime'),
  s('COMPANY_ID', 'Company', 'crm_company'),
  { name: 'COMPANY_IDS', type: 'crm_company', title: 'Companies', multiple: true },
  s('LEAD_ID', 'Lead', 'crm_lead'),
  s('ORIGINATOR_ID', 'External source'),
  s('ORIGIN_ID', 'Item ID in data source'),
  s('ORIGIN_VERSION', 'Original version'),
  s('ADDRESS', 'Street address'),
  s('ADDRESS_CITY', 'City'),
  { name: 'PHONE', type: 'crm_multifield', title: 'Phone', multiple: true },
  { name: 'EMAIL', type: 'crm_multifield', title: 'E-mail', multiple: true },
  { name: 'WEB', type: 'crm_multifield', title: 'Website', multiple: true },
  { name: 'IM', type: 'crm_multifield', title: 'Messenger', multiple: true },
];

export const contactMethods = legacyEntityMethods({
  name: 'contact',
  owner: 'CONTACT',
  notFoundText: 'Contact is not found',
  fields: CONTACT_FIELDS,
  defaults: (fields) => {
    // COMPANY_ID and COMPANY_IDS mirror each other, as in Bitrix24.
    const ids = Array.isArray(fields.COMPANY_IDS) ? fields.COMPANY_IDS.map(String) : undefined;
    const companyId = fields.COMPANY_ID ?? ids?.[0];
    return {
      NAME: '',
      LAST_NAME: '',
      SECOND_NAME: '',
      TYPE_ID: 'CLIENT',
      OPENED: 'Y',
      EXPORT: 'Y',
      COMPANY_ID: companyId === undefined || companyId === null ? null : String(companyId),
      COMPANY_IDS: ids ?? (companyId ? [String(companyId)] : []),
    };
  },
  normalize: (row, written) => {
    // Writing COMPANY_IDS sets the primary COMPANY_ID, writing only COMPANY_ID makes it the single binding.
    if (written.COMPANY_IDS !== undefined) {
      const ids = Array.isArray(row.COMPANY_IDS) ? row.COMPANY_IDS.map(String) : [];
      row.COMPANY_IDS = ids;
      row.COMPANY_ID = ids[0] ?? null;
    } else if (written.COMPANY_ID !== undefined) {
      row.COMPANY_IDS = row.COMPANY_ID ? [String(row.COMPANY_ID)] : [];
    }
  },
});
