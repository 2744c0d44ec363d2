import type { Jurisdiction } from '../reference/model.ts';

/**
 * The town or street a free text is about: the longest catalog name it contains (城关镇), else the longest
 * name without its suffix (溪口 for 溪口镇, so "溪口村" still finds 溪口镇). `null` when nothing matches; the
 * caller decides the fallback. Used for e-mails and Open311 `address_string`.
 */
export function findJurisdiction(
  text: string,
  jurisdictions: readonly Pick<Jurisdiction, 'code' | 'nameZh'>[],
): string | null {
  const byLength = [...jurisdictions].sort((a, b) => b.nameZh.length - a.nameZh.length);
  const full = byLength.find((jurisdiction) => text.includes(jurisdiction.nameZh));
  if (full) return full.code;
  const core = (name: string) => name.replace(/(街道|镇|乡|街)$/, '');
  const partial = byLength
    .filter((jurisdiction) => core(jurisdiction.nameZh).length >= 2)
    .sort((a, b) => core(b.nameZh).length - core(a.nameZh).length)
    .find((jurisdiction) => text.includes(core(jurisdiction.nameZh)));
  return partial?.code ?? null;
}

/**
 * Where a petition goes when its text names no town: the county seat the reference data marks (`countySeat`,
 * 城关镇 in the demo). Only a catalog that marks no seat falls back to its first town, so the choice is
 * always the admins' and never an accident of sort order. The router and the triage inbox take it from
 * there; the routing reason says the town was a default.
 */
export function defaultJurisdiction(
  jurisdictions: readonly Pick<Jurisdiction, 'code' | 'countySeat'>[],
): string | null {
  return (jurisdictions.find((jurisdiction) => jurisdiction.countySeat) ?? jurisdictions[0])?.code ?? null;
}
