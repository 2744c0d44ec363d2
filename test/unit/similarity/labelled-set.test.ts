import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../../shared/adapters/jieba-segmenter.ts';
import { buildLexicon } from '../../../shared/domain/similarity/lexicon.ts';
import { termBandKeys } from '../../../shared/domain/similarity/minhash.ts';
import { compareTerms, RELATED_THRESHOLD } from '../../../shared/domain/similarity/similarity.ts';
import { extractTerms } from '../../../shared/domain/similarity/terms.ts';
import { termKinds } from '../../../shared/use-cases/similar-cases.ts';
import type { LabelledPetition } from '../../fixtures/similar-petitions/generate.ts';

/**
 * Quality of "similar" on the labelled set (test/fixtures/similar-petitions, docs/metrics.md): every pair of
 * petitions of one town, found the way the product finds them (a shared index key, then the exact score at
 * the threshold), against the labels. Precision and recall must both hold at 0.8 or better.
 */

const petitions = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/similar-petitions/petitions.json'), 'utf8'),
) as LabelledPetition[];

/** The county word list of the fixture's county: its towns, and its roads, villages and estates as admins add them. */
const lexicon = buildLexicon({
  towns: ['城关镇', '溪口镇', '青山镇', '白石乡', '东城街道'],
  admin: [...new Set(petitions.map((petition) => petition.relatedGroup.split('|')[1]!))].map((term) => ({
    term,
    kind: 'place' as const,
    aliases: [],
  })),
});

/** The labels: same incident (duplicate), same place and problem family (related), or no place named. */
function labelledSimilar(a: LabelledPetition, b: LabelledPetition): boolean {
  if (a.town !== b.town) return false;
  if (a.relatedGroup === b.relatedGroup) return true;
  return (!a.placed || !b.placed) && a.familyInTown === b.familyInTown;
}

let terms: string[][];

beforeAll(async () => {
  const segmenter = await jiebaSegmenter(lexicon.words);
  terms = petitions.map((petition) =>
    extractTerms(
      { title: petition.title, content: petition.content, names: petition.names },
      segmenter,
      lexicon,
    ),
  );
});

describe('the labelled set', () => {
  it('has at least 300 petitions over 10 categories and 5 towns, with duplicate and related pairs', () => {
    expect(petitions.length).toBeGreaterThanOrEqual(300);
    expect(new Set(petitions.map((petition) => petition.category)).size).toBe(10);
    expect(new Set(petitions.map((petition) => petition.town)).size).toBe(5);
    const incidents = new Map<string, number>();
    for (const petition of petitions)
      incidents.set(petition.incident, (incidents.get(petition.incident) ?? 0) + 1);
    expect([...incidents.values()].some((count) => count >= 3)).toBe(true);
    const groups = new Map<string, Set<string>>();
    for (const petition of petitions)
      groups.set(
        petition.relatedGroup,
        (groups.get(petition.relatedGroup) ?? new Set()).add(petition.incident),
      );
    expect([...groups.values()].some((incidentsOfGroup) => incidentsOfGroup.size >= 2)).toBe(true);
  });

  it(`finds similar pairs with precision and recall of at least 0.8 at the threshold ${RELATED_THRESHOLD}`, () => {
    const kinds = termKinds(lexicon);
    const bands = terms.map((each) => new Set(termBandKeys(each)));
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (let i = 0; i < petitions.length; i++)
      for (let j = i + 1; j < petitions.length; j++) {
        if (petitions[i]!.town !== petitions[j]!.town) continue;
        const candidate = [...bands[i]!].some((band) => bands[j]!.has(band));
        const found = candidate && compareTerms(terms[i]!, terms[j]!, kinds).score >= RELATED_THRESHOLD;
        const labelled = labelledSimilar(petitions[i]!, petitions[j]!);
        if (found && labelled) truePositives++;
        else if (found) falsePositives++;
        else if (labelled) falseNegatives++;
      }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.info(
      `similar at ${RELATED_THRESHOLD}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${truePositives} found, ${falsePositives} wrongly, ${falseNegatives} missed)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('never keeps a petitioner’s name or phone number as a term', () => {
    const all = new Set(terms.flat());
    for (const petition of petitions) for (const name of petition.names) expect(all.has(name)).toBe(false);
    expect([...all].some((term) => /1[3-9]\d{9}/.test(term))).toBe(false);
  });
});
