import * as z from 'zod';
import { publicSimilarStatusName } from '../domain/case/wording.ts';
import type { Catalog } from '../domain/reference/model.ts';
import { maskedTitle } from '../domain/similarity/views.ts';
import { ValidationError } from '../errors/index.ts';
import type { CaseStore } from '../ports/case-store.ts';
import { CONTENT_MAX, TITLE_MAX } from '../schemas/petition.ts';
import { lineText, paragraphText } from '../schemas/text.ts';
import { findSimilar, type SimilarDeps, termsOf } from './similar-cases.ts';

/**
 * 附近已有类似诉求: before submitting, the public form asks whether the town already has petitions like the
 * draft. The answer holds titles (masked) and a coarse status only, never anyone's text, unit or reply, and
 * never a confidential case (those are not indexed). Nothing is stored.
 */

/** Shown at most: a hint for the resident, not a search engine over other people's petitions. */
export const PUBLIC_SIMILAR_LIMIT = 5;

export const similarDraftSchema = z.strictObject({
  jurisdictionCode: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码格式不正确 / invalid code'),
  title: lineText(2, TITLE_MAX),
  content: paragraphText(0, CONTENT_MAX).optional(),
});
export type SimilarDraft = z.infer<typeof similarDraftSchema>;

export interface PublicSimilarItem {
  readonly title: string;
  readonly status: string;
}

export async function similarToDraft(
  deps: SimilarDeps & { readonly cases: CaseStore; readonly catalog: () => Promise<Catalog> },
  draft: SimilarDraft,
  now: Date,
): Promise<{ items: PublicSimilarItem[] }> {
  const { jurisdictions } = await deps.catalog();
  if (!jurisdictions.some((town) => town.code === draft.jurisdictionCode))
    throw new ValidationError([{ field: 'jurisdictionCode', message: '没有这个镇街 / unknown town' }]);
  const { terms, lexicon } = await termsOf(deps, { title: draft.title, content: draft.content ?? '' });
  const found = await findSimilar(deps.store, {
    jurisdictionCode: draft.jurisdictionCode,
    terms,
    lexicon,
    at: now,
  });
  const cases = await Promise.all(
    found.slice(0, PUBLIC_SIMILAR_LIMIT).map((match) => deps.cases.get(match.caseId)),
  );
  return {
    items: cases
      .filter((item) => item !== null && !item.confidential)
      .map((item) => ({ title: maskedTitle(item!.title), status: publicSimilarStatusName(item!.status) })),
  };
}
