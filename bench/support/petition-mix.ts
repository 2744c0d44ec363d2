/**
 * Petitions as a county receives them, for benchmarks that push the whole pipeline (similar cases included):
 * the labelled set's petitions (test/fixtures/similar-petitions: 20 problems in residents' own words, each
 * incident reported by 1–5 residents, a quarter of them naming no place) in all five towns, played round
 * after round with the places renamed each round. Each round's incidents are therefore new ones, at other
 * streets and villages, as a county's are; the set's own four places per town, replayed as they are, would turn
 * every round into repeats of the same 105 incidents, and every petition into a duplicate of four earlier ones.
 * Wordings do repeat across rounds (a county's residents say 路灯不亮 in much the same words), so band lookups
 * still find full pages of candidates; a place-less petition (我家门口) stays the same text in every round.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { seededRandom } from '../../test/fixtures/similar-petitions/seeded-random.ts';

interface LabelledPetition {
  readonly town: string;
  readonly category: string;
  readonly title: string;
  readonly content: string;
  /** `town|place|problem`. */
  readonly incident: string;
}

export interface MixedPetition {
  readonly jurisdictionCode: string;
  readonly categoryCode: string;
  readonly title: string;
  readonly content: string;
  /** Each petition's own resident. */
  readonly phone: string;
}

const labelled: readonly LabelledPetition[] = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../test/fixtures/similar-petitions/petitions.json'), 'utf8'),
);

// 128 names: enough for six rounds of 20 places (four in each of five towns) before one comes back.
const placeNames = ['东风', '红旗', '建设', '胜利', '光明', '朝阳', '长江', '黄河'].flatMap((first) =>
  ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '南', '北', '东', '西', '中', '新'].map(
    (second) => first + second,
  ),
);
/** A village stays a village and a housing estate an estate; streets and the rest become roads. */
const placeKind = (place: string) =>
  ['村', '小区', '社区', '街'].find((kind) => place.endsWith(kind)) ?? '路';

/**
 * What the latency bench sent before the county mix, kept for comparison with its earlier figures
 * (`BENCH_LATENCY_TEXTS=alike`): one town, two categories, and nearly the same words every time, so every
 * petition is similar to every other and the similar-case consumer records the most matches it ever records.
 */
export function alikePetitions(total: number): MixedPetition[] {
  return Array.from({ length: total }, (_, index) => ({
    jurisdictionCode: 'chengguan',
    categoryCode: index % 10 === 0 ? 'other' : 'transport',
    title: `时延测试 ${index}`,
    content: `时延测试用的诉求内容 ${index.toString(16).padStart(8, '0')}`,
    phone: '13812345678',
  }));
}

/** The place the labelled petition names, as its incident label gives it. */
const placeOf = (petition: LabelledPetition) => petition.incident.split('|')[1]!;

/**
 * `total` petitions, in rounds of the labelled set shuffled (seeded: every run sends the same), each round's
 * places renamed consistently within the round (an incident's reports keep naming one place).
 */
export function petitionMix(total: number, seed = 20_261_205): MixedPetition[] {
  const next = seededRandom(seed);
  const mixed: MixedPetition[] = [];
  let placesNamed = 0;
  while (mixed.length < total) {
    const renamed = new Map<string, string>();
    const rename = (petition: LabelledPetition) => {
      const key = `${petition.town}|${placeOf(petition)}`;
      let name = renamed.get(key);
      if (!name) {
        const index = placesNamed++;
        name = `${placeNames[index % placeNames.length]}${placeKind(placeOf(petition))}`;
        renamed.set(key, name);
      }
      return name;
    };
    const order = labelled.map((petition) => ({ petition, key: next() })).sort((a, b) => a.key - b.key);
    for (const { petition } of order) {
      if (mixed.length === total) break;
      const place = placeOf(petition);
      const newPlace = rename(petition);
      mixed.push({
        jurisdictionCode: petition.town,
        categoryCode: petition.category,
        title: petition.title.replaceAll(place, newPlace),
        content: petition.content.replaceAll(place, newPlace),
        phone: `139${String(mixed.length).padStart(8, '0')}`,
      });
    }
  }
  return mixed;
}
