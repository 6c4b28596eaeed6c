import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { DomainError } from './domain-error.js';

/**
 * Optimistic concurrency: `UPDATE ... SET version = version + 1 WHERE id = ? AND version = ?`.
 * save() with a version column does not stop lost updates; this does. Answers 409 with the current
 * version when someone else changed the row first.
 */
export async function updateVersioned<T extends ObjectLiteral & { version: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  id: string,
  expectedVersion: number,
  changes: QueryDeepPartialEntity<T>,
): Promise<number> {
  const result = await em
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, version: () => '"version" + 1' })
    .where('id = :id AND version = :version', { id, version: expectedVersion })
    .execute();
  if (result.affected !== 1) {
    const current = await em
      .getRepository(target)
      .findOne({ where: { id } as never, select: { version: true } as never });
    throw DomainError.versionConflict(current?.version ?? 0);
  }
  return expectedVersion + 1;
}
