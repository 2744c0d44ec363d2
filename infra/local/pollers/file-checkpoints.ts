import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckpointStore } from './stream-poller.ts';

/** Stream positions kept on disk next to DynamoDB Local's data, so `npm start` resumes where it stopped. */
export function fileCheckpoints(path: string): CheckpointStore {
  let state: { positions: Record<string, string>; closed: string[] } = { positions: {}, closed: [] };
  try {
    state = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // First start, or an unreadable file: begin at the trim horizon (consumers are idempotent).
  }
  const closed = new Set(state.closed);
  const save = () => {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ positions: state.positions, closed: [...closed] }));
    renameSync(temporary, path);
  };
  return {
    get: (shardId) => state.positions[shardId],
    set: (shardId, sequenceNumber) => {
      state.positions[shardId] = sequenceNumber;
      save();
    },
    markClosed: (shardId) => {
      closed.add(shardId);
      save();
    },
    isClosed: (shardId) => closed.has(shardId),
  };
}
