/**
 * How CRM renames user fields for camelCase APIs (crm.item.*), per the "Field Naming Conventions" of the docs:
 *  - regular: only letters or only digits follow `UF_CRM_<n>_` → `UF_CRM_10_DIGIT` → `ufCrm10Digit`,
 *    `UF_CRM_10_5186744711` → `ufCrm10_5186744711` (underscores between digit blocks survive);
 *  - simplified: anything else only swaps the prefix → `UF_CRM_10_DIGIT10` → `ufCrm_10_DIGIT10`.
 */
const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

export function ufToCamel(upperName: string): string {
  const match = /^UF_CRM_(\d+)_(.+)$/.exec(upperName);
  if (match) {
    const [, typeId, rest] = match;
    const parts = (rest ?? '').split('_');
    if (parts.every((p) => /^[A-Z]+$/i.test(p))) return `ufCrm${typeId}${parts.map(capitalize).join('')}`;
    if (parts.every((p) => /^\d+$/.test(p))) return `ufCrm${typeId}_${parts.join('_')}`;
  }
  if (upperName.startsWith('UF_CRM_')) return `ufCrm_${upperName.slice('UF_CRM_'.length)}`;
  return upperName;
}

/** camelCase (or already original) name → original name, given the names that exist. */
export function ufFromAnyName(name: string, originalNames: string[]): string | undefined {
  if (originalNames.includes(name)) return name;
  return originalNames.find((original) => ufToCamel(original) === name);
}

/** Upper snake case of a standard camelCase field (`assignedById` → `ASSIGNED_BY_ID`). */
export const camelToUpper = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
