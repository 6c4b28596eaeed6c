import { describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { domainEvent, DomainEvents } from './domain-events.js';

const em = {} as EntityManager;
const Posted = domainEvent<{ content: string }>('test.posted');
const Checked = domainEvent<{ path: string }, string | null>('test.checked');

describe('DomainEvents', () => {
  it('runs the subscribers one after the other, in subscription order, with the writer’s manager', async () => {
    const events = new DomainEvents();
    const seen: string[] = [];
    events.subscribe(Posted, async (m, e) => {
      expect(m).toBe(em);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`thứ nhất: ${e.content}`);
    });
    events.subscribe(Posted, async (_m, e) => {
      seen.push(`thứ hai: ${e.content}`);
    });
    await events.publish(em, Posted, { content: 'Góp ý của đồng chí Nguyễn Thị Hằng' });
    expect(seen).toEqual([
      'thứ nhất: Góp ý của đồng chí Nguyễn Thị Hằng',
      'thứ hai: Góp ý của đồng chí Nguyễn Thị Hằng',
    ]);
    expect(events.subscribers(Posted)).toBe(2);
    expect(events.subscribers(Checked)).toBe(0);
  });

  it('answers each subscriber’s answer, and nothing for an event nobody subscribed to', async () => {
    const events = new DomainEvents();
    expect(await events.publish(em, Checked, { path: '/a/' })).toEqual([]);
    events.subscribe(Checked, async (_m, e) => (e.path === '/a/' ? 'Chi bộ đã đóng' : null));
    events.subscribe(Checked, async () => null);
    expect(await events.publish(em, Checked, { path: '/a/' })).toEqual(['Chi bộ đã đóng', null]);
    expect(await events.publish(em, Checked, { path: '/b/' })).toEqual([null, null]);
  });

  it('lets a subscriber’s failure reach the publisher and stops there', async () => {
    const events = new DomainEvents();
    let later = 0;
    events.subscribe(Posted, async () => {
      throw new Error('Đảng bộ phường từ chối');
    });
    events.subscribe(Posted, async () => {
      later++;
    });
    await expect(events.publish(em, Posted, { content: 'x' })).rejects.toThrow('Đảng bộ phường từ chối');
    expect(later).toBe(0);
  });

  it('removes a subscriber with the function subscribe answered', async () => {
    const events = new DomainEvents();
    let calls = 0;
    const off = events.subscribe(Posted, async () => {
      calls++;
    });
    await events.publish(em, Posted, { content: 'x' });
    off();
    off();
    await events.publish(em, Posted, { content: 'x' });
    expect(calls).toBe(1);
    expect(events.subscribers(Posted)).toBe(0);
  });
});
