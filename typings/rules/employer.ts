/**
 * A unit's own fields (EmployerInfo without its library id), as the library keeps them, an import writes them, an
 * agreement copies them and the registration form holds them. Pure and self-contained (no imports): scripts/gen-codes.ts
 * copies this folder into the mini program.
 */

export const EMPLOYER_FIELDS = ['name', 'uscc', 'nature', 'industry', 'region', 'address', 'contactName', 'contactPhone'] as const;
export type EmployerField = (typeof EMPLOYER_FIELDS)[number];
export type EmployerFields = Record<EmployerField, string>;

/** Just the unit's fields, in their order, from anything that carries them (a library entry, an import row, a view). */
export function employerFields(e: Readonly<EmployerFields>): EmployerFields {
  const fields = {} as EmployerFields;
  for (const key of EMPLOYER_FIELDS) fields[key] = e[key];
  return fields;
}
