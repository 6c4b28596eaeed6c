import { EntityManager } from 'typeorm';

/** The cheapest statement the database must answer: proof that it is up. */
export async function ping(em: EntityManager): Promise<void> {
  await em.query('SELECT 1');
}
