import { expect } from 'vitest';
import { TestApp } from '../setup/test-app.js';
import { Login } from './world.js';

export interface MeetingBody {
  cellId: string;
  heldOn: string;
  kind: 'regular' | 'thematic' | 'study';
  topic: string;
  attendance: Array<{ memberId: string; status: 'present' | 'excused' | 'absent'; note?: string }>;
  studyThemeId?: string;
  guests?: Array<{ fullName: string; position?: string } | string>;
  minutes?: string;
  presentedCommitmentIds?: string[];
  issues?: Array<{ title: string; ownerMemberId?: string }>;
}

/** Records a meeting as `as` (a secretary of the cell); answers the meeting view. */
export async function recordMeeting(t: TestApp, as: Login, body: MeetingBody) {
  const res = await t.http().post('/api/meetings').set(as.auth).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createStudyTheme(
  t: TestApp,
  as: Login,
  body: { organizationId: string; year: number; title: string },
) {
  const res = await t.http().post('/api/study-themes').set(as.auth).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const THEME_2026 =
  'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng đội ngũ cán bộ, đảng viên thật sự tiên phong, gương mẫu';

/** Field names in a 400 answer. */
export function fieldsOf(body: { details?: Array<{ field: string }> }): string[] {
  return (body.details ?? []).map((d) => d.field);
}
