import { logger } from '../logging/logger.ts';

/**
 * Marker deletes gathered over one consumer invocation and sent together when it ends: one BatchWriteItem per
 * 25 markers instead of a DeleteItem per message. A marker whose delete is lost (a crash before the end, a
 * failed batch) is harmless: the stuck-work sweep finds it overdue and sends its message again, which the
 * notification ledger or the delivery record turns into nothing.
 */
export interface GatheredRemovals<T> {
  /** Gathers the marker; nothing is sent until `flush`. */
  remove(marker: T): Promise<void>;
  /** Deletes what was gathered. Never throws: a failure is logged and left to the sweep. */
  flush(): Promise<void>;
}

export function gatheredRemovals<T>(
  what: string,
  removeAll: (markers: readonly T[]) => Promise<void>,
): GatheredRemovals<T> {
  const gathered: T[] = [];
  return {
    remove: async (marker) => {
      gathered.push(marker);
    },
    flush: async () => {
      const markers = gathered.splice(0);
      if (markers.length === 0) return;
      try {
        await removeAll(markers);
      } catch (error) {
        logger.warn('markers not removed; the stuck-work sweep will find them', {
          what,
          markers: markers.length,
          error,
        });
      }
    },
  };
}
