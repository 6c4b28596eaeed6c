import { expect } from 'vitest';
import { TestApp } from '../setup/test-app.js';
import { Login } from './world.js';

/** A realistic yearly registration, in Vietnamese with diacritics. */
export const YEARLY_ITEMS = [
  {
    category: 'follow',
    content: 'Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về tinh thần trách nhiệm, gần dân, sát dân',
    target: 'Mỗi quý một việc làm cụ thể',
  },
  {
    category: 'resolution4',
    content: 'Không phụ họa, không chia sẻ thông tin sai trái trên mạng xã hội',
    manifestationCodes: [2, 9],
  },
  {
    category: 'duty',
    content: 'Hoàn thành tốt nhiệm vụ được giao ở tổ dân phố',
    target: '100% công việc đúng hạn',
  },
  {
    category: 'lifestyle',
    content: 'Thực hiện nếp sống văn minh trong việc cưới, việc tang; không hút thuốc nơi công sở',
  },
];

export const QUARTERLY_ITEMS = [
  { category: 'study', content: 'Tham gia đầy đủ buổi học tập chuyên đề năm của chi bộ' },
];

export interface CommitmentBody {
  memberId?: string;
  year: number;
  periodType: 'yearly' | 'quarterly' | 'monthly';
  periodIndex: number | null;
  items: Array<Record<string, unknown>>;
  carryForward?: boolean;
}

export async function createCommitment(t: TestApp, as: Login, body: Partial<CommitmentBody> = {}) {
  const res = await t
    .http()
    .post('/api/commitments')
    .set(as.auth)
    .send({ year: 2026, periodType: 'yearly', periodIndex: null, items: YEARLY_ITEMS, ...body });
  if (res.status !== 201)
    throw new Error(`create commitment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function step(
  t: TestApp,
  as: Login,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  status = 200,
) {
  const res = await t.http().post(`/api/commitments/${id}/${action}`).set(as.auth).send(body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** Creates, submits and has the secretary accept a commitment; answers the accepted view. */
export async function acceptedCommitment(
  t: TestApp,
  owner: Login,
  secretary: Login,
  body: Partial<CommitmentBody> = {},
) {
  const c = await createCommitment(t, owner, body);
  await step(t, owner, c.id, 'submit');
  return step(t, secretary, c.id, 'accept', { comment: 'Đồng ý, nội dung cụ thể' });
}
