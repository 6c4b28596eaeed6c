import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A typed domain event: what one module tells the others about a write, inside the write's
 * transaction. The raiser declares it in its own `<module>.events.ts`; subscribers import it from
 * there, so the dependency points from the subscriber to the raiser. `Answer` is what each subscriber
 * answers (a check that may refuse the write answers a violation or null); plain events answer nothing.
 */
export interface DomainEvent<Payload, Answer = void> {
  readonly name: string;
  /** Type only: never set. */
  readonly __types?: { payload: Payload; answer: Answer };
}

export function domainEvent<Payload, Answer = void>(name: string): DomainEvent<Payload, Answer> {
  return { name };
}

export type DomainEventHandler<Payload, Answer> = (em: EntityManager, payload: Payload) => Promise<Answer>;

/**
 * The subscribers of each domain event. Providers subscribe at module init (`onModuleInit`);
 * `publish` runs them one after the other, in subscription order, with the writer's EntityManager:
 * their writes join the writer's transaction, and a subscriber that throws rolls the write back, as a
 * direct call would.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<
    DomainEvent<unknown, unknown>,
    Array<DomainEventHandler<never, unknown>>
  >();

  /** Adds `handler` to `event`'s subscribers; answers the function that removes it again. */
  subscribe<P, A>(event: DomainEvent<P, A>, handler: DomainEventHandler<P, A>): () => void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler);
    this.handlers.set(event, list);
    return () => {
      const at = list.indexOf(handler);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Runs every subscriber of `event` in `em` (the writer's transaction); answers their answers in order. */
  async publish<P, A>(em: EntityManager, event: DomainEvent<P, A>, payload: P): Promise<A[]> {
    const answers: A[] = [];
    for (const handler of this.handlers.get(event) ?? [])
      answers.push((await handler(em, payload as never)) as A);
    return answers;
  }

  /** The number of subscribers of `event` (start-up checks and tests). */
  subscribers(event: DomainEvent<unknown, unknown>): number {
    return this.handlers.get(event)?.length ?? 0;
  }
}
