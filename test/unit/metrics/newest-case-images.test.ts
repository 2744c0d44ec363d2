import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case/model.ts';
import { newestCaseImages } from '../../../shared/use-cases/newest-case-images.ts';

const image = (caseId: string, version: number) => ({ caseId, version }) as Case;
const record = (sequenceNumber: string, caseId: string, version: number) => ({
  sequenceNumber,
  read: () => image(caseId, version),
});
const broken = (sequenceNumber: string) => ({
  sequenceNumber,
  read: (): Case => {
    throw new Error('not a case');
  },
});
const summary = (result: ReturnType<typeof newestCaseImages>) => ({
  cases: result.cases.map(
    ({ item, firstSequenceNumber }) => `${item.caseId}@${item.version} from ${firstSequenceNumber}`,
  ),
  brokenAt: result.brokenAt,
});

describe('newest case images of a stream batch', () => {
  it('keeps each case once, at its newest version, in the order of its first record', () => {
    expect(
      summary(
        newestCaseImages([
          record('1', 'B', 1),
          record('2', 'A', 1),
          record('3', 'B', 2),
          record('4', 'A', 3),
        ]),
      ),
    ).toEqual({
      cases: ['B@2 from 1', 'A@3 from 2'],
      brokenAt: undefined,
    });
  });

  it('never lets an older image (a replayed record) replace a newer one', () => {
    expect(summary(newestCaseImages([record('1', 'A', 4), record('2', 'A', 3)])).cases).toEqual([
      'A@4 from 1',
    ]);
  });

  it('stops at a record it cannot read: the batch resumes there', () => {
    expect(summary(newestCaseImages([record('1', 'A', 1), broken('2'), record('3', 'B', 1)]))).toEqual({
      cases: ['A@1 from 1'],
      brokenAt: '2',
    });
  });
});
