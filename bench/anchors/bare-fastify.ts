import Database from 'better-sqlite3';
import Fastify from 'fastify';

/**
 * Anchor 1, the ceiling of this stack: Fastify and one prepared better-sqlite3 statement reading a
 * member row by primary key. No framework, no ORM, no authentication. Same SQLite file as camket.
 * Env: BENCH_DB (SQLite path), PORT.
 */
const db = new Database(process.env.BENCH_DB ?? 'database/camket.sqlite', {
  readonly: true,
  fileMustExist: true,
});
const byId = db.prepare('SELECT * FROM "member" WHERE "id" = ?');
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/members/:id', async (req, reply) => {
  const row = byId.get(req.params.id);
  if (!row) return reply.status(404).send({ statusCode: 404, message: 'Member not found' });
  return row;
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3102) });
