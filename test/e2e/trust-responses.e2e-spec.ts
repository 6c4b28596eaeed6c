import { Injectable, Module, OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSES } from '../../src/openapi/responses.js';
import { YEARLY_ITEMS, QUARTERLY_ITEMS } from '../factories/commitments.js';
import { buildReportYear } from '../factories/reports.js';
import { PASSWORD, createTestApp, TestApp } from '../setup/test-app.js';
import { buildCast, inventory, Inventory, seedThroughApi, TrustActor } from '../trust/actors.js';
import { fillPath, loadCatalog, RouteSpec } from '../trust/catalog.js';
import { rng, validObject } from '../trust/generate.js';
import { Answer, call } from '../trust/inject.js';
import { ResponseValidator, ServedDocument } from '../trust/response-validator.js';
import type { World } from '../factories/world.js';

/**
 * Issue 8, last clause: every valid response conforms to the OpenAPI schema. The document served at
 * /docs-json describes each operation's success response (src/openapi/responses.ts) and the error
 * envelope of every 4xx. This file (1) checks that every route the app registers is described, and
 * (2) sends thousands of valid requests (a scripted year of work by every kind of actor, then every GET
 * route as every actor over every object) and validates each answer against the document with ajv.
 */

const TARGET = 2_000;

/** Every route registered in the running app, in OpenAPI form (`/api/members/{id}`). */
function registeredRoutes(t: TestApp): string[] {
  const out: string[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!metatype) continue;
      const bases = ([] as string[]).concat(
        (Reflect.getMetadata(PATH_METADATA, metatype) as string | string[]) ?? '',
      );
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        for (const b of bases)
          for (const s of ([] as string[]).concat(sub)) {
            const path = `/${['api', b, s]
              .flatMap((p) => p.split('/'))
              .filter(Boolean)
              .join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
            out.push(`${method} ${path}`);
          }
      }
    }
  }
  return out.sort();
}

/** One answer the app sent, as Fastify's onSend hook saw it. */
interface Captured {
  method: string;
  /** The route as registered (`/api/members/:id`), or undefined when no route matched. */
  route: string | undefined;
  status: number;
  contentType: string;
  disposition: string | undefined;
  /** The serialized body; null for a stream (file downloads). */
  payload: string | null;
}

const captured: Captured[] = [];

/**
 * Captures every answer of the app, whoever sends the request (the world and report factories,
 * `seedThroughApi`, this file), so each one is validated, not only the requests this file makes.
 */
@Injectable()
class ResponseCapture implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      captured.push({
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        disposition: reply.getHeader('content-disposition') as string | undefined,
        payload:
          payload === undefined || payload === null
            ? ''
            : typeof payload === 'string'
              ? payload
              : Buffer.isBuffer(payload)
                ? payload.toString()
                : null,
      });
      return payload;
    });
  }
}

@Module({ providers: [ResponseCapture] })
class ResponseCaptureModule {}

describe('trust: every answer conforms to the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: ServedDocument;
  let validator: ResponseValidator;
  let routes: RouteSpec[];
  let actors: TrustActor[];
  let world: World;
  let inv: Inventory;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000' }, [ResponseCaptureModule]);
    const res = await call(t.app, { method: 'GET', url: '/docs-json' });
    doc = res.body as ServedDocument;
    validator = new ResponseValidator(doc);
  });
  afterAll(() => t.close());

  it('describes the success response and the error envelope of every registered route', () => {
    const registered = registeredRoutes(t);
    const undescribed = registered.filter((key) => !RESPONSES[key]);
    expect(undescribed, 'routes without a response schema in src/openapi/responses.ts').toEqual([]);
    const stale = Object.keys(RESPONSES).filter((key) => !registered.includes(key));
    expect(stale, 'entries of src/openapi/responses.ts for routes that no longer exist').toEqual([]);
    const notServed: string[] = [];
    for (const key of registered) {
      const [method, path] = key.split(' ');
      const responses = doc.paths[path]?.[method.toLowerCase()]?.responses ?? {};
      const success = Object.entries(responses).filter(([s]) => /^2\d\d$/.test(s));
      const described =
        success.length === 1 &&
        (RESPONSES[key].kind === 'empty' || Object.keys(success[0][1].content ?? {}).length > 0);
      if (!described || !responses['4XX']?.content?.['application/json']) notServed.push(key);
    }
    expect(notServed, 'operations of /docs-json without a described response').toEqual([]);
    console.log(`[trust-responses] ${registered.length} routes, all described in /docs-json`);
  });

  it(`validates at least ${TARGET} answers to valid requests against the document`, async () => {
    const cast = await buildCast(t);
    actors = cast.actors;
    world = cast.world;
    await buildReportYear(t, world);
    ({ routes } = await loadCatalog(t.app));
    const admin = actors.find((a) => a.name === 'admin')!;

    const byStatus = new Map<number, number>();
    const covered = new Set<string>();
    const requested = new Set<string>();
    const violations = new Map<string, string>();
    const byActorKind = new Map<string, number>();
    let sent = 0;
    const tokenName = new Map<string, string>();
    for (const a of actors) tokenName.set(a.token, a.name);
    tokenName.set(world.deputyA1.token, 'secretaryDeputyA1');

    /** One request, its answer checked against the document. */
    const send = async (
      token: string | undefined,
      method: string,
      path: string,
      params: Record<string, string | number> = {},
      opts: { query?: string; body?: unknown; raw?: string | Buffer; contentType?: string } = {},
    ): Promise<Answer> => {
      const url = fillPath(path, params) + (opts.query ? `?${opts.query}` : '');
      const res = await call(t.app, {
        method,
        url,
        token,
        body: opts.body,
        raw: opts.raw,
        contentType: opts.contentType,
      });
      sent++;
      const key = `${method} ${path}`;
      requested.add(key);
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      const kind = (token ? (tokenName.get(token) ?? 'other') : 'anonymous').replace(/[A-Z].*$/, '');
      byActorKind.set(kind, (byActorKind.get(kind) ?? 0) + 1);
      if (res.status >= 200 && res.status < 300) covered.add(key);
      const problem =
        res.status >= 500
          ? `${key} -> ${res.status} ${res.text.slice(0, 200)}`
          : validator.check(method, path, res);
      if (problem && !violations.has(`${key} ${res.status}`))
        violations.set(`${key} ${res.status}`, `${problem} (${method} ${url.slice(0, 120)})`);
      return res;
    };
    const ok = (res: Answer, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
      return res.body;
    };

    const w = world;
    const wardB = w.orgs.wardB.id;
    const cellB1 = w.orgs.cellB1.id;
    const member = w.memberB1;
    const secretary = w.secretaryB1;
    const leader = w.leaderB;

    // --- A year of work in ward B, every write answered and checked ---------------------------
    // Auth: a throwaway account logs in, refreshes, changes its password and logs out.
    const throwawayMember = ok(
      await send(
        leader.token,
        'POST',
        '/api/members',
        {},
        {
          body: { fullName: 'Ngô Thị Lan', cellId: cellB1, status: 'official', gender: 'female' },
        },
      ),
      'member',
    );
    ok(
      await send(
        leader.token,
        'PATCH',
        '/api/members/{id}',
        { id: throwawayMember.id },
        {
          body: {
            version: throwawayMember.version,
            position: 'Tổ trưởng tổ dân phố',
            dateOfBirth: '1980-05-17',
          },
        },
      ),
      'member patch',
    );
    const account = ok(
      await send(
        leader.token,
        'POST',
        '/api/users',
        {},
        {
          body: {
            username: `lan${Date.now().toString(36)}`,
            password: PASSWORD,
            memberId: throwawayMember.id,
            roles: [],
          },
        },
      ),
      'user',
    );
    const session = ok(
      await send(
        undefined,
        'POST',
        '/api/auth/login',
        {},
        { body: { username: account.username, password: PASSWORD } },
      ),
      'login',
    );
    const refreshed = ok(
      await send(
        undefined,
        'POST',
        '/api/auth/refresh',
        {},
        { body: { refreshToken: session.refreshToken } },
      ),
      'refresh',
    );
    tokenName.set(refreshed.accessToken, 'memberThrowaway');
    ok(await send(refreshed.accessToken, 'GET', '/api/auth/me'), 'me');
    ok(
      await send(
        refreshed.accessToken,
        'POST',
        '/api/auth/change-password',
        {},
        {
          body: { currentPassword: PASSWORD, newPassword: 'Mật-khẩu-mới-2026-Lan' },
        },
      ),
      'change password',
    );
    ok(await send(refreshed.accessToken, 'POST', '/api/auth/logout'), 'logout');
    const fresh = ok(await send(leader.token, 'GET', '/api/users/{id}', { id: account.id }), 'user');
    ok(
      await send(
        leader.token,
        'PATCH',
        '/api/users/{id}',
        { id: account.id },
        {
          body: { version: fresh.version, isActive: false },
        },
      ),
      'user patch',
    );

    // Organisations: a new cell under ward B, renamed.
    const cell = ok(
      await send(
        leader.token,
        'POST',
        '/api/organizations',
        {},
        {
          body: {
            code: `CB${Date.now().toString(36)}`,
            name: 'Chi bộ khu phố Hùng Vương',
            kind: 'cell',
            isGrassroots: false,
            parentId: wardB,
          },
        },
      ),
      'org',
    );
    ok(
      await send(
        leader.token,
        'PATCH',
        '/api/organizations/{id}',
        { id: cell.id },
        {
          body: { version: cell.version, name: 'Chi bộ khu phố Hùng Vương mới' },
        },
      ),
      'org patch',
    );
    // A second new cell, without members, merged into the first (the 2025 reform's closure).
    const merged = ok(
      await send(
        leader.token,
        'POST',
        '/api/organizations',
        {},
        {
          body: {
            code: `CB${Date.now().toString(36)}M`,
            name: 'Chi bộ khu phố Trần Phú',
            kind: 'cell',
            isGrassroots: false,
            parentId: wardB,
          },
        },
      ),
      'org to merge',
    );
    ok(
      await send(
        leader.token,
        'POST',
        '/api/organizations/{id}/close',
        { id: merged.id },
        { body: { version: merged.version, mode: 'merge', closedOn: '2026-12-01', successorIds: [cell.id] } },
      ),
      'org close',
    );

    // Commitments: the member registers, the secretary returns, accepts, assesses and reopens.
    let c = ok(
      await send(
        member.token,
        'POST',
        '/api/commitments',
        {},
        {
          body: { year: 2026, periodType: 'yearly', periodIndex: null, items: YEARLY_ITEMS },
        },
      ),
      'commitment',
    );
    c = ok(
      await send(
        member.token,
        'PATCH',
        '/api/commitments/{id}',
        { id: c.id },
        {
          body: {
            version: c.version,
            items: [...YEARLY_ITEMS, { category: 'remedy', content: 'Khắc phục việc đi họp muộn' }],
          },
        },
      ),
      'commitment patch',
    );
    c = ok(
      await send(
        member.token,
        'POST',
        '/api/commitments/{id}/submit',
        { id: c.id },
        { body: { version: c.version } },
      ),
      'submit',
    );
    c = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments/{id}/return',
        { id: c.id },
        {
          body: { version: c.version, reason: 'Cần ghi rõ chỉ tiêu từng nội dung' },
        },
      ),
      'return',
    );
    c = ok(
      await send(member.token, 'POST', '/api/commitments/{id}/submit', { id: c.id }, { body: {} }),
      'resubmit',
    );
    c = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments/{id}/accept',
        { id: c.id },
        { body: { comment: 'Đồng ý' } },
      ),
      'accept',
    );
    const fb = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments/{id}/feedback',
        { id: c.id },
        {
          body: {
            kind: 'suggestion',
            content: 'Nên bổ sung việc tham gia sinh hoạt tổ dân phố',
            itemId: c.items[0].id,
          },
        },
      ),
      'feedback',
    );
    ok(
      await send(
        member.token,
        'POST',
        '/api/commitments/{id}/feedback',
        { id: c.id },
        {
          body: { kind: 'comment', content: 'Xin tiếp thu ý kiến của chi bộ', parentId: fb.id },
        },
      ),
      'reply',
    );
    c = ok(
      await send(
        member.token,
        'POST',
        '/api/commitments/{id}/results',
        { id: c.id },
        {
          body: {
            version: c.version,
            items: c.items.map((i: { id: string }, n: number) => ({
              itemId: i.id,
              outcome: n % 3 === 0 ? 'done' : n % 3 === 1 ? 'partly' : 'not_done',
              ...(n === 0 ? { exceeded: true, note: 'Vượt chỉ tiêu' } : {}),
            })),
          },
        },
      ),
      'results',
    );
    c = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments/{id}/assess',
        { id: c.id },
        {
          body: {
            version: c.version,
            rating: 'partly_achieved',
            comment: 'Còn nội dung chưa hoàn thành',
            shortcomings: ['Chậm báo cáo'],
          },
        },
      ),
      'assess',
    );
    c = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments/{id}/reopen',
        { id: c.id },
        {
          body: { reason: 'Đánh giá lại sau khi bổ sung minh chứng', to: 'accepted' },
        },
      ),
      'reopen',
    );
    // A quarterly draft carried forward from the yearly items, a monthly one accepted in bulk.
    const q2 = ok(
      await send(
        member.token,
        'POST',
        '/api/commitments',
        {},
        {
          body: { year: 2026, periodType: 'quarterly', periodIndex: 2, items: QUARTERLY_ITEMS },
        },
      ),
      'quarterly',
    );
    void q2;
    // Next year's registration takes over this year's remedy items.
    const next = ok(
      await send(
        member.token,
        'POST',
        '/api/commitments',
        {},
        {
          body: { year: 2027, periodType: 'yearly', periodIndex: null, items: YEARLY_ITEMS },
        },
      ),
      'next year',
    );
    ok(
      await send(
        member.token,
        'POST',
        '/api/commitments/{id}/carry-forward',
        { id: next.id },
        {
          body: { version: next.version },
        },
      ),
      'carry forward',
    );
    const m5 = ok(
      await send(
        secretary.token,
        'POST',
        '/api/commitments',
        {},
        {
          body: {
            memberId: w.members.b1.id,
            year: 2026,
            periodType: 'monthly',
            periodIndex: 5,
            items: QUARTERLY_ITEMS,
          },
        },
      ),
      'monthly on behalf',
    );
    ok(
      await send(member.token, 'POST', '/api/commitments/{id}/submit', { id: m5.id }, { body: {} }),
      'submit monthly',
    );
    // The secretary entered it on the member's behalf, so the committee above decides it (issue 14).
    ok(
      await send(
        leader.token,
        'POST',
        '/api/commitments/accept',
        {},
        { body: { ids: [m5.id], comment: 'Đồng ý' } },
      ),
      'bulk accept',
    );
    ok(
      await send(
        leader.token,
        'PUT',
        '/api/commitments/deadlines',
        {},
        {
          body: { organizationId: wardB, periodType: 'quarterly', monthOffset: 0, day: 20 },
        },
      ),
      'deadline',
    );
    ok(
      await send(
        leader.token,
        'DELETE',
        '/api/commitments/deadlines',
        {},
        { query: `organizationId=${wardB}&periodType=quarterly` },
      ),
      'deadline clear',
    );

    // Cell life: a theme, a meeting with guests and issues, conduct checks, a disciplinary record.
    const theme = ok(
      await send(
        leader.token,
        'POST',
        '/api/study-themes',
        {},
        {
          body: {
            organizationId: wardB,
            year: 2026,
            title: 'Học tập và làm theo tư tưởng Hồ Chí Minh năm 2026',
          },
        },
      ),
      'theme',
    );
    const meeting = ok(
      await send(
        secretary.token,
        'POST',
        '/api/meetings',
        {},
        {
          body: {
            cellId: cellB1,
            heldOn: '2026-04-12',
            kind: 'study',
            topic: 'Học tập chuyên đề năm 2026',
            studyThemeId: theme.id,
            attendance: [
              { memberId: w.members.secB1.id, status: 'present' },
              { memberId: w.members.b1.id, status: 'excused', note: 'Đi công tác' },
            ],
            guests: [{ fullName: 'Trần Văn Bình', position: 'Đảng ủy viên phường' }, 'Lê Thị Hoa'],
            minutes: 'Chi bộ thống nhất kế hoạch học tập.',
            presentedCommitmentIds: [c.id],
            issues: [{ title: 'Đường ngõ 5 chưa có đèn chiếu sáng', ownerMemberId: w.members.secB1.id }],
          },
        },
      ),
      'meeting',
    );
    // The meeting packs (DOCX): a meeting to come and the one just recorded.
    ok(
      await send(
        secretary.token,
        'GET',
        '/api/meetings/pack',
        {},
        {
          query: `cellId=${cellB1}&heldOn=2026-12-10&kind=regular&topic=Sinh%20ho%E1%BA%A1t%20th%C3%A1ng%2012`,
        },
      ),
      'meeting pack',
    );
    ok(
      await send(secretary.token, 'GET', '/api/meetings/{id}/pack', { id: meeting.id }),
      'recorded meeting pack',
    );
    const patched = ok(
      await send(
        secretary.token,
        'PATCH',
        '/api/meetings/{id}',
        { id: meeting.id },
        {
          body: { version: meeting.version, minutes: 'Biên bản đã bổ sung ý kiến của khách mời.' },
        },
      ),
      'meeting patch',
    );
    const issue = ok(
      await send(
        secretary.token,
        'POST',
        '/api/meetings/{id}/issues',
        { id: meeting.id },
        {
          body: { title: 'Vận động hội viên tham gia dọn vệ sinh' },
        },
      ),
      'issue',
    );
    ok(
      await send(
        secretary.token,
        'POST',
        '/api/meetings/issues/{issueId}/resolve',
        { issueId: patched.issues[0].id },
        {
          body: { version: patched.issues[0].version, resolution: 'Đã lắp đèn' },
        },
      ),
      'resolve',
    );
    void issue;
    ok(
      await send(
        member.token,
        'PUT',
        '/api/members/{id}/conduct-checks/{year}',
        { id: w.members.b1.id, year: 2026 },
        {
          body: {
            self: [
              { code: 3, status: 'at_risk', note: 'Đôi khi ngại va chạm' },
              { code: 5, status: 'none' },
            ],
          },
        },
      ),
      'self check',
    );
    ok(
      await send(
        secretary.token,
        'PUT',
        '/api/members/{id}/conduct-checks/{year}',
        { id: w.members.b1.id, year: 2026 },
        {
          body: { quarter: 2, conclusion: [{ code: 3, status: 'at_risk', note: 'Cần khắc phục' }] },
        },
      ),
      'conclusion',
    );
    ok(
      await send(
        leader.token,
        'POST',
        '/api/members/{id}/disciplinary-records',
        { id: throwawayMember.id },
        {
          body: {
            decidedOn: '2026-06-01',
            form: 'reprimand',
            decisionNumber: '12-QĐ/ĐU',
            reason: 'Vi phạm quy định sinh hoạt',
          },
        },
      ),
      'discipline',
    );
    const exemption = ok(
      await send(
        leader.token,
        'POST',
        '/api/members/{id}/exemptions',
        { id: throwawayMember.id },
        { body: { from: '2026-03-01', to: '2026-05-31', ground: 'long_illness', note: 'Điều trị dài ngày' } },
      ),
      'exemption',
    );
    ok(
      await send(
        leader.token,
        'PATCH',
        '/api/members/{id}/exemptions/{exemptionId}',
        { id: throwawayMember.id, exemptionId: (exemption as { id: string }).id },
        { body: { version: 1, to: '2026-06-30' } },
      ),
      'exemption end',
    );

    // Year-end evaluation of ward B: open, generate, self-assess, propose, decide, finalize, reopen.
    const cycle = ok(
      await send(
        leader.token,
        'POST',
        '/api/evaluation-cycles',
        {},
        { body: { organizationId: wardB, year: 2026 } },
      ),
      'cycle',
    );
    ok(
      await send(leader.token, 'POST', '/api/evaluation-cycles/{id}/generate', { id: cycle.id }),
      'generate',
    );
    const evaluations = ok(
      await send(leader.token, 'GET', '/api/evaluations', {}, { query: `cycleId=${cycle.id}&pageSize=200` }),
      'evaluations',
    ).items as Array<{ id: string; memberId: string; status: string; disqualifiers: string[] }>;
    const own = evaluations.find((e) => e.memberId === w.members.b1.id)!;
    // Evaluation inputs: recorded by the cell, listed, withdrawn (no generation after: nothing changes).
    const input = ok(
      await send(
        secretary.token,
        'POST',
        '/api/evaluation-inputs',
        {},
        {
          body: {
            memberId: w.members.b1.id,
            year: 2026,
            kind: 'exemplary_duty_breach',
            basis: 'Biên bản họp chi bộ: chưa gương mẫu ở khu dân cư',
            documentNumber: '07-BB/CB',
            documentDate: '2026-11-30',
          },
        },
      ),
      'evaluation input',
    );
    ok(
      await send(leader.token, 'GET', '/api/evaluation-inputs', {}, { query: `memberId=${w.members.b1.id}` }),
      'evaluation inputs',
    );
    ok(
      await send(
        leader.token,
        'POST',
        '/api/evaluation-inputs/{id}/withdraw',
        { id: input.id },
        { body: { reason: 'Ghi nhầm năm' } },
      ),
      'evaluation input withdraw',
    );
    ok(
      await send(
        leader.token,
        'POST',
        '/api/evaluation-cycles/{id}/quota-exceptions',
        { id: cycle.id },
        {
          body: {
            organizationId: wardB,
            approvedByOrganizationId: w.orgs.city.id,
            decisionNumber: '45-QĐ/TU',
            decidedOn: '2026-12-01',
            maxExcellent: 1,
          },
        },
      ),
      'quota exception',
    );
    ok(
      await send(
        member.token,
        'POST',
        '/api/evaluations/{id}/self-assessment',
        { id: own.id },
        {
          body: { level: 'good', summary: 'Hoàn thành tốt các nội dung đã đăng ký', strengths: 'Nhiệt tình' },
        },
      ),
      'self-assessment',
    );
    ok(
      await send(
        secretary.token,
        'POST',
        '/api/evaluations/{id}/proposal',
        { id: own.id },
        {
          // Under QĐ 366 version 2 fewer than half of the items done forces incomplete.
          body: {
            level: own.disqualifiers.length ? 'incomplete' : 'complete',
            comment: 'Còn nội dung chưa hoàn thành',
            meetingId: meeting.id,
          },
        },
      ),
      'proposal',
    );
    // A disqualified member (the disciplinary record above) cannot be decided above incomplete.
    for (const e of evaluations.filter((x) => x.status !== 'not_classified'))
      ok(
        await send(
          leader.token,
          'POST',
          '/api/evaluations/{id}/decision',
          { id: e.id },
          {
            body: e.disqualifiers.length
              ? { level: 'incomplete', comment: 'Bị kỷ luật trong năm' }
              : { level: 'complete', comment: 'Hoàn thành nhiệm vụ' },
          },
        ),
        'decision',
      );
    ok(
      await send(leader.token, 'POST', '/api/evaluation-cycles/{id}/finalize', { id: cycle.id }),
      'finalize',
    );
    ok(
      await send(
        leader.token,
        'POST',
        '/api/evaluation-cycles/{id}/reopen',
        { id: cycle.id },
        {
          body: { reason: 'Bổ sung kết quả kiểm điểm' },
        },
      ),
      'reopen cycle',
    );

    // Notifications, settings, reference catalogs, import.
    const mine = ok(await send(member.token, 'GET', '/api/notifications'), 'notifications');
    if (mine.items.length)
      ok(await send(member.token, 'POST', '/api/notifications/{id}/read', { id: mine.items[0].id }), 'read');
    ok(await send(member.token, 'POST', '/api/notifications/read-all'), 'read all');
    ok(
      await send(
        leader.token,
        'PUT',
        '/api/notifications/settings/{organizationId}',
        { organizationId: wardB },
        {
          body: { registrationLeadDays: 10, cellBehindPercent: 40 },
        },
      ),
      'settings',
    );
    for (const catalog of ['manifestations', 'prohibitions'])
      ok(
        await send(
          w.admin.token,
          'PUT',
          `/api/${catalog}/{code}`,
          { code: 1 },
          {
            body: { text: 'Văn bản đối chiếu', verified: false, reason: 'Đối chiếu lại văn bản gốc' },
          },
        ),
        `${catalog} put`,
      );
    const boundary = 'camketBoundary2026';
    const csv = `\uFEFFHọ và tên,Ngày sinh,Giới tính,Số thẻ đảng viên,Chi bộ (mã),Ngày vào Đảng,Ngày chính thức,Chức vụ\r\nPhan Văn Sơn,01/01/1980,Nam,,${w.orgs.cellB1.code},,,\r\n`;
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dang-vien.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    for (const dryRun of [true, false])
      ok(
        await send(
          leader.token,
          'POST',
          '/api/members/import',
          {},
          {
            query: `dryRun=${dryRun}`,
            raw: multipart,
            contentType: `multipart/form-data; boundary=${boundary}`,
          },
        ),
        'import',
      );

    // Downloads in every format.
    for (const format of ['xlsx', 'csv'])
      ok(
        await send(leader.token, 'GET', '/api/members/import/template', {}, { query: `format=${format}` }),
        'template',
      );
    for (const report of ['overview', 'organizations', 'classification', 'leaders-first', 'trend'])
      for (const format of report === 'overview' ? ['json', 'csv', 'xlsx', 'pdf'] : ['json', 'csv', 'xlsx'])
        await send(
          w.leaderA.token,
          'GET',
          `/api/reports/${report}`,
          {},
          {
            query: `organizationId=${w.orgs.wardA.id}&year=2026&format=${format}`,
          },
        );
    // The year-over-year trend (`by=year`).
    await send(
      w.leaderA.token,
      'GET',
      '/api/reports/trend',
      {},
      {
        query: `organizationId=${w.orgs.wardA.id}&by=year&from=2024&to=2026`,
      },
    );
    for (const m of Object.values(w.members))
      await send(
        w.leaderCity.token,
        'GET',
        '/api/reports/members/{id}/review',
        { id: m.id },
        { query: 'year=2026' },
      );

    const scripted = sent;

    // More objects of every resource (created through each POST route by every actor), to read back.
    await seedThroughApi(t.app, routes, actors, {
      validObject,
      rnd: rng(8),
      orgPool: Object.values(world.orgs).map((o) => o.id),
    });

    // --- Every GET route as every actor over every object, with filters -----------------------
    inv = await inventory(t.app, routes, admin.token);
    const orgIds = Object.values(w.orgs).map((o) => o.id);
    const memberIds = Object.values(w.members).map((m) => m.id);
    /** Valid query strings for a GET route, from the query DTO's fields: scope filters, every enum value, a page. */
    const queries = (route: RouteSpec): string[] => {
      const fields = route.query?.fields ?? [];
      const field = (name: string) => fields.find((f) => f.name === name);
      const range = (name: string, day: string, yearValue: number) => {
        const f = field(name);
        return f ? `${name}=${f.kind === 'date' ? day : yearValue}` : '';
      };
      const base = (org: string) =>
        [
          field('organizationId') ? `organizationId=${org}` : '',
          field('year') ? 'year=2026' : '',
          field('periodType') ? 'periodType=yearly' : '',
          range('from', '2026-01-01', 2025),
          range('to', '2026-12-31', 2026),
        ]
          .filter(Boolean)
          .join('&');
      const city = base(w.orgs.city.id);
      const join = (...parts: string[]) => parts.filter(Boolean).join('&');
      const out = fields.some((f) => !f.optional) ? [] : [''];
      for (const org of orgIds) out.push(base(org));
      if (field('memberId')) for (const m of memberIds) out.push(join(city, `memberId=${m}`));
      for (const f of fields)
        if (f.kind === 'enum' && !['periodType'].includes(f.name))
          for (const v of f.enumValues ?? []) out.push(join(city, `${f.name}=${String(v)}`));
      if (field('page')) out.push(join(city, 'page=2&pageSize=3'));
      return [...new Set(out)];
    };
    const gets = routes.filter((r) => r.method === 'GET');
    const sweepers = [...actors, { name: 'secretaryDeputyA1', token: w.deputyA1.token } as TrustActor];
    for (let round = 0; sent < TARGET + scripted && round < 10; round++) {
      for (const route of gets) {
        const objects = (inv.objects.get(route.resource) ?? []).filter((o) => typeof o.id === 'string');
        const pathValues: Array<Record<string, string | number>> = route.pathParams.length
          ? objects.map((o) => {
              const v: Record<string, string | number> = {};
              for (const [i, p] of route.pathParams.entries())
                v[p.name] = i === 0 && p.kind === 'uuid' ? String(o.id) : p.name === 'year' ? 2026 : 1;
              return v;
            })
          : [{}];
        if (route.pathParams.some((p) => p.name === 'code'))
          pathValues.splice(0, pathValues.length, { code: 1 }, { code: 27 });
        const qs = queries(route);
        for (const [i, actor] of sweepers.entries()) {
          const values = pathValues[(round * sweepers.length + i) % Math.max(pathValues.length, 1)] ?? {};
          const q = qs[(round + i) % qs.length];
          await send(route.isPublic ? undefined : actor.token, 'GET', route.path, values, { query: q });
        }
      }
    }

    // Every answer the app sent during this file (factories and seeding included), validated too.
    let capturedChecked = 0;
    const capturedOps = new Set<string>();
    for (const c of captured.splice(0)) {
      if (!c.route?.startsWith('/api/')) continue;
      const path = c.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const key = `${c.method} ${path}`;
      const isJson = c.contentType.startsWith('application/json');
      let body: unknown;
      try {
        body = isJson && c.payload ? JSON.parse(c.payload) : undefined;
      } catch {
        body = undefined;
      }
      const answer: Answer = {
        status: c.status,
        body,
        text: c.payload ?? '(stream)',
        headers: { 'content-type': c.contentType, 'content-disposition': c.disposition },
      };
      capturedChecked++;
      if (c.status < 300) capturedOps.add(key);
      const problem =
        c.status >= 500
          ? `${key} -> ${c.status} ${answer.text.slice(0, 200)}`
          : validator.check(c.method, path, answer);
      if (problem && !violations.has(`${key} ${c.status}`))
        violations.set(`${key} ${c.status}`, `${problem} (captured)`);
    }
    const statuses = JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])));
    const all = Object.keys(RESPONSES);
    const notCovered = all.filter((k) => !covered.has(k));
    console.log(
      `[trust-responses] ${sent} requests (${scripted} scripted writes and reads, ${sent - scripted} GET sweep) on ${requested.size} of ${all.length} operations; ` +
        `2xx validated on ${covered.size} operations; statuses ${statuses}; by actor kind ${JSON.stringify(Object.fromEntries(byActorKind))}; ` +
        `violations ${violations.size}`,
    );
    console.log(
      `[trust-responses] every answer the app sent in this file (factories, seeding and the requests above): ${capturedChecked} validated, 2xx on ${capturedOps.size} operations`,
    );
    if (notCovered.length) console.log(`[trust-responses] no 2xx seen for: ${notCovered.join(', ')}`);
    if (violations.size) console.log(`[trust-responses] violations:\n${[...violations.values()].join('\n')}`);
    expect(sent).toBeGreaterThanOrEqual(TARGET);
    expect([...violations.values()]).toEqual([]);
    // Every GET route answered at least one 2xx, and so did the writes of the scripted year.
    expect(notCovered).toEqual([]);
  }, 600_000);

  it('would notice a leaked field (also in an audited change), a wrong format, a missing field and a bare error', async () => {
    const res = await call(t.app, {
      method: 'GET',
      url: `/api/members/${world.members.a1a.id}`,
      token: world.admin.token,
    });
    expect(validator.check('GET', '/api/members/{id}', res)).toBeNull();
    const altered = (change: (body: Record<string, unknown>) => void, status = 200) => {
      const body = structuredClone(res.body) as Record<string, unknown>;
      change(body);
      return validator.check('GET', '/api/members/{id}', {
        ...res,
        status,
        body,
        text: JSON.stringify(body),
      });
    };
    expect(altered((b) => (b.passwordHash = '$argon2id$v=19$m=65536'))).toMatch(/additional properties/);
    const log = await call(t.app, {
      method: 'GET',
      url: '/api/audit-log?pageSize=1',
      token: world.admin.token,
    });
    expect(validator.check('GET', '/api/audit-log', log)).toBeNull();
    const leaky = structuredClone(log.body) as { items: Array<{ changes: Record<string, unknown> | null }> };
    leaky.items[0].changes = { ...leaky.items[0].changes, passwordHash: '$argon2id$v=19$m=65536' };
    expect(
      validator.check('GET', '/api/audit-log', { ...log, body: leaky, text: JSON.stringify(leaky) }),
    ).toMatch(/must NOT be valid/);
    expect(altered((b) => (b.dateOfBirth = '17/05/1980'))).toMatch(/format/);
    expect(altered((b) => delete b.version)).toMatch(/required/);
    expect(altered((b) => (b.status = 'expelled'))).toMatch(/allowed values/);
    expect(altered((b) => (b.cellId = null))).toMatch(/type/);
    expect(altered((b) => Object.assign(b, { statusCode: 404, message: 'not found' }), 404)).toMatch(
      /required|additional/,
    );
  });
});
