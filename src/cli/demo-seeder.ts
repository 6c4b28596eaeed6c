import { INestApplicationContext } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EntityManager, In } from 'typeorm';
import { Actor, systemActor } from '../common/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { Database } from '../common/database.service.js';
import { CommitmentFeedbackService } from '../commitments/commitment-feedback.service.js';
import { CommitmentProgressService } from '../commitments/commitment-progress.service.js';
import { CommitmentReviewsService } from '../commitments/commitment-reviews.service.js';
import {
  AcceptCommitmentDto,
  AssessCommitmentDto,
  CreateCommitmentDto,
  CreateFeedbackDto,
  ReportResultsDto,
  ReturnCommitmentDto,
  VersionDto,
} from '../commitments/commitments.dto.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { isLate } from '../commitments/commitments.rules.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { vnToday } from '../common/dates.js';
import { CreateMeetingDto } from '../meetings/meetings.dto.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { CreateMemberDto } from '../members/members.dto.js';
import { MembersService } from '../members/members.service.js';
import { NotificationQuery } from '../notifications/notifications.dto.js';
import type { NotificationView } from '../notifications/notifications.responses.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  CloseOrganizationDto,
  CreateOrganizationDto,
  UpdateOrganizationDto,
} from '../organizations/organizations.dto.js';
import { Organization } from '../organizations/organization.entity.js';
import type { OrganizationView } from '../organizations/organizations.responses.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { User } from '../auth/user.entity.js';
import { CreateUserDto } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import {
  buildDemoPlan,
  DEMO_PASSWORD,
  DemoPlan,
  MemberRef,
  planCells,
  planCommittees,
  PlannedCell,
  PlannedCommittee,
  PlannedLogin,
} from './demo-plan.js';
import type { PlannedCommitment } from './demo-year.js';
import { Backdater } from './demo-backdate.js';

/** The database is not empty: the demo never mixes with real data. */
export class DemoSeedRefused extends Error {}

export interface DemoLogin {
  username: string;
  role: string;
  organization: string | null;
  memberName: string;
  description: string;
}

export interface DemoSeedResult {
  /** Open committees and cells (the tree as it stands now). */
  committees: number;
  cells: number;
  /** Organisations closed by the 2025 reform (committees and their own cells), readable with their history. */
  closed: Array<{ code: string; name: string; closedOn: string }>;
  members: { total: number; official: number; probationary: number; exempt: number };
  logins: DemoLogin[];
  /** The other cells' secretaries (same password), who entered their cells' year. */
  secretaryLogins: string[];
  /** The current year's life, as the services recorded it. */
  year: {
    year: number;
    commitments: {
      yearly: number;
      quarterly: number;
      monthly: number;
      accepted: number;
      returned: number;
      waiting: number;
      drafts: number;
    };
    feedback: number;
    reported: number;
    assessed: number;
    meetings: number;
  };
  password: string;
}

interface Built {
  /** The open organisations (the current tree) by code. */
  orgs: Map<string, OrganizationView>;
  /** The organisations the reform closed, by code. */
  past: Map<string, OrganizationView>;
  /** Member ids by cell code, in plan order. */
  members: Map<string, string[]>;
}

/**
 * Fills an empty database with the demo plan through the application's own services, as a system
 * actor: every organisation, member and account passes the same rules and writes the same audit
 * entries as a request would. Only the handful of logins are hashed with argon2.
 */
export async function seedDemo(
  app: INestApplicationContext,
  options: { today: string; seed?: number; password?: string; log?: (line: string) => void },
): Promise<DemoSeedResult> {
  const log = options.log ?? (() => undefined);
  const password = options.password ?? DEMO_PASSWORD;
  const plan = buildDemoPlan({ seed: options.seed, today: options.today });
  const db = app.get(Database);
  const organizations = app.get(OrganizationsService);
  const membersService = app.get(MembersService);
  const users = app.get(UsersService);
  const actor = systemActor('seed-demo');

  await assertEmpty(db, plan);

  const built: Built = { orgs: new Map(), past: new Map(), members: new Map() };
  // The units the reform closed, as they stood before 1 July 2025, and the current committees that
  // stood under them then.
  const formerParent = new Map<string, string>();
  for (const p of plan.past) {
    const org = await organizations.createOrganization(
      actor,
      dto(CreateOrganizationDto, {
        code: p.code,
        name: p.name,
        kind: 'committee',
        isGrassroots: false,
        parentId: p.parentCode ? built.past.get(p.parentCode)!.id : null,
      }),
    );
    built.past.set(p.code, org);
    for (const cell of p.cells) {
      const created = await organizations.createOrganization(
        actor,
        dto(CreateOrganizationDto, {
          code: cell.code,
          name: cell.name,
          kind: 'cell',
          isGrassroots: true,
          parentId: org.id,
        }),
      );
      built.past.set(cell.code, created);
    }
    for (const child of p.formerChildren) formerParent.set(child, org.id);
  }
  const createCommittee = async (c: PlannedCommittee, parentId: string | null): Promise<void> => {
    const org = await organizations.createOrganization(
      actor,
      dto(CreateOrganizationDto, {
        code: c.code,
        name: c.name,
        kind: 'committee',
        isGrassroots: c.isGrassroots,
        parentId,
      }),
    );
    built.orgs.set(c.code, org);
    for (const cell of c.cells) await createCell(cell, org.id);
    for (const child of c.committees) await createCommittee(child, formerParent.get(child.code) ?? org.id);
  };
  const createCell = async (cell: PlannedCell, parentId: string): Promise<void> => {
    const org = await organizations.createOrganization(
      actor,
      dto(CreateOrganizationDto, {
        code: cell.code,
        name: cell.name,
        kind: 'cell',
        isGrassroots: cell.isGrassroots,
        parentId,
      }),
    );
    built.orgs.set(cell.code, org);
    const ids: string[] = [];
    for (const m of cell.members) {
      const member = await membersService.createMember(actor, dto(CreateMemberDto, { ...m, cellId: org.id }));
      ids.push(member.id);
    }
    built.members.set(cell.code, ids);
    log(`  ${cell.name}: ${ids.length} members`);
  };
  await createCommittee(plan.root, null);

  // Heads: each cell's first member is its secretary (bí thư); committees name theirs in the plan.
  for (const [code, org] of built.orgs) {
    const head = org.kind === 'cell' ? { cellCode: code, index: 0 } : findCommittee(plan, code).head;
    await organizations.updateOrganization(
      actor,
      org.id,
      dto(UpdateOrganizationDto, { version: org.version, headMemberId: memberId(built, head) }),
    );
  }
  // Then the reform (the moves bump the wards' versions, so after their heads).
  const closed = await closePast(app, plan, built, actor);
  log(`  closed: ${closed.map((c) => `${c.name} (${c.closedOn})`).join(', ')}`);

  const logins: DemoLogin[] = [];
  const accounts = new Map<string, { userId: string; login: PlannedLogin }>();
  for (const l of [...plan.logins, ...plan.life.secretaries]) {
    const org = l.organizationCode ? built.orgs.get(l.organizationCode)! : null;
    const user = await users.createUser(
      actor,
      dto(CreateUserDto, {
        username: l.username,
        password,
        memberId: memberId(built, l.member),
        roles: org ? [{ role: l.role, organizationId: org.id }] : [],
      }),
    );
    accounts.set(l.username, { userId: user.id, login: l });
    if (!plan.logins.includes(l)) continue;
    logins.push({
      username: l.username,
      role: l.role,
      organization: org?.name ?? null,
      memberName: memberOf(plan, l.member).fullName,
      description: l.description,
    });
  }

  const year = await seedYear(app, plan, built, await actorsOf(app, built, accounts));
  log(
    `  ${year.year}: ${year.commitments.yearly} yearly, ${year.commitments.quarterly} quarterly and ` +
      `${year.commitments.monthly} monthly commitments, ${year.meetings} cell meetings`,
  );

  const all = planCells(plan.root).flatMap((c) => c.members);
  return {
    closed,
    committees: [...built.orgs.values()].filter((o) => o.kind === 'committee').length,
    cells: [...built.orgs.values()].filter((o) => o.kind === 'cell').length,
    members: {
      total: all.length,
      official: all.filter((m) => m.status === 'official').length,
      probationary: all.filter((m) => m.status === 'probationary').length,
      exempt: all.filter((m) => m.isExempt).length,
    },
    logins,
    secretaryLogins: plan.life.secretaries.map((l) => l.username),
    year,
    password,
  };
}

/**
 * The 2025 reform through the closure operation (POST /api/organizations/:id/close), as the admin
 * would record it: the past units' own cells merged into their successor cells, then each past
 * committee merged into its successor, which takes its open children (organization.move and
 * organization.close audit entries, paths rewritten).
 */
async function closePast(
  app: INestApplicationContext,
  plan: DemoPlan,
  built: Built,
  actor: Actor,
): Promise<DemoSeedResult['closed']> {
  const organizations = app.get(OrganizationsService);
  const open = (code: string) => {
    const org = built.orgs.get(code);
    if (!org) throw new Error(`demo plan: no open organisation ${code}`);
    return org;
  };
  const close = async (code: string, successorCode: string, closedOn: string, reason: string) => {
    const { id, version } = await organizations.getOrganization(actor, built.past.get(code)!.id);
    const view = await organizations.closeOrganization(
      actor,
      id,
      dto(CloseOrganizationDto, {
        version,
        mode: 'merge',
        closedOn,
        successorIds: [open(successorCode).id],
        reason,
      }),
    );
    built.past.set(code, view);
    return { code, name: view.name, closedOn };
  };
  const closed: DemoSeedResult['closed'] = [];
  for (const p of plan.past)
    for (const cell of p.cells) closed.push(await close(cell.code, cell.successorCode, p.closedOn, p.reason));
  for (const p of plan.past) closed.push(await close(p.code, p.successorCode, p.closedOn, p.reason));
  return closed;
}

/** One line on the year the seed recorded, for `npm run seed:demo` and `npm run cli -- seed:demo`. */
export function describeDemoYear(year: DemoSeedResult['year']): string {
  const c = year.commitments;
  return (
    `The year ${year.year}: ${c.yearly} yearly and ${c.quarterly} quarterly commitments and ${c.monthly} monthly ones ` +
    `(${c.accepted} accepted, ${c.returned} returned, ${c.waiting} waiting for review, ${c.drafts} draft), ` +
    `${year.feedback} feedback notes, ${year.reported} results reported, ${year.assessed} assessed, ` +
    `${year.meetings} cell meetings.`
  );
}

/** The actor each demo login is once signed in (AuthService.actorOf: the roles and permissions its requests get). */
async function actorsOf(
  app: INestApplicationContext,
  built: Built,
  accounts: Map<string, { userId: string; login: PlannedLogin }>,
): Promise<Map<string, Actor>> {
  const auth = app.get(AuthService);
  const actors = new Map<string, Actor>();
  await app.get(Database).read(async (em) => {
    for (const [username, { userId, login }] of accounts) {
      const user = { id: userId, username, memberId: memberId(built, login.member) };
      actors.set(username, await auth.actorOf(em, user, 'seed-demo'));
    }
  });
  return actors;
}

/**
 * The year of the plan through the same service calls as the HTTP routes, each by the demo login who
 * would make it: commitments written and submitted (leaders first), then reviewed, commented on,
 * reported and assessed; then each cell's meetings with their attendance; last, the featured logins
 * read what reached them before the last week. Each call is backdated to its moment in the plan
 * (Backdater), so the year reads as lived: registered in January, reviewed days later, and so on.
 */
async function seedYear(
  app: INestApplicationContext,
  plan: DemoPlan,
  built: Built,
  actors: Map<string, Actor>,
): Promise<DemoSeedResult['year']> {
  const db = app.get(Database);
  const commitments = app.get(CommitmentsService);
  const progress = app.get(CommitmentProgressService);
  const reviews = app.get(CommitmentReviewsService);
  const feedback = app.get(CommitmentFeedbackService);
  const meetings = app.get(MeetingsService);
  const notifications = app.get(NotificationsService);
  const as = (username: string) => {
    const a = actors.get(username);
    if (!a) throw new Error(`demo plan: no login ${username}`);
    return a;
  };
  const { life } = plan;
  const backdate = await Backdater.start(db);

  const counts = { feedback: 0, reported: 0, assessed: 0 };
  /** One commitment's whole story, step by step, each step at its moment. */
  const live = async (c: PlannedCommitment): Promise<void> => {
    const owner = as(c.owner);
    const reviewer = as(c.reviewer);
    const id = memberId(built, c.member);
    const created = await backdate.at(c.at.created, () =>
      commitments.createCommitment(
        owner,
        dto(CreateCommitmentDto, {
          ...(id === owner.memberId ? {} : { memberId: id }),
          year: c.year,
          periodType: c.periodType,
          periodIndex: c.periodIndex,
          items: c.items,
        }),
      ),
    );
    if (c.review === 'draft') return;
    const submitted = await backdate.at(
      c.at.submitted,
      () => progress.submitCommitment(owner, created.id, dto(VersionDto, { version: created.version })),
      (em) => settleLate(em, created.id),
    );
    if (c.review === 'return') {
      await backdate.at(c.at.reviewed, () =>
        reviews.returnCommitment(
          reviewer,
          created.id,
          dto(ReturnCommitmentDto, { version: submitted.version, reason: c.returnReason }),
        ),
      );
      return;
    }
    if (c.review !== 'accept') return;
    let current = await backdate.at(c.at.reviewed, () =>
      reviews.acceptCommitment(
        reviewer,
        created.id,
        dto(AcceptCommitmentDto, { version: submitted.version, comment: c.acceptComment }),
      ),
    );
    if (c.feedback) {
      const note = c.feedback;
      await backdate.at(c.at.feedback, () =>
        feedback.giveFeedback(reviewer, created.id, dto(CreateFeedbackDto, { ...note })),
      );
      counts.feedback += 1;
    }
    if (c.outcomes) {
      const outcomes = c.outcomes;
      const accepted = current;
      current = await backdate.at(c.at.reported, () =>
        progress.reportResults(
          owner,
          created.id,
          dto(ReportResultsDto, {
            version: accepted.version,
            items: accepted.items.map((item, k) => ({ itemId: item.id, outcome: outcomes[k] })),
          }),
        ),
      );
      counts.reported += 1;
    }
    if (c.rating) {
      const { version } = current;
      const rating = c.rating;
      await backdate.at(c.at.assessed, () =>
        reviews.assessCommitment(reviewer, created.id, dto(AssessCommitmentDto, { version, rating })),
      );
      counts.assessed += 1;
    }
  };
  // One transaction per cell (see Backdater.batch), the cell's commitments in plan order.
  const byCell = new Map<string, PlannedCommitment[]>();
  for (const c of life.commitments)
    byCell.set(c.member.cellCode, [...(byCell.get(c.member.cellCode) ?? []), c]);
  for (const cellCommitments of byCell.values()) {
    await backdate.batch(async () => {
      for (const c of cellCommitments) await live(c);
    });
  }

  await backdate.batch(async () => {
    for (const m of life.meetings) {
      const ids = built.members.get(m.cellCode)!;
      await backdate.at(m.at, () =>
        meetings.recordMeeting(
          as(life.recorders[m.cellCode]),
          dto(CreateMeetingDto, {
            cellId: built.orgs.get(m.cellCode)!.id,
            heldOn: m.heldOn,
            kind: m.kind,
            topic: m.topic,
            minutes: m.minutes,
            attendance: [
              ...m.present.map((i) => ({ memberId: ids[i], status: 'present' })),
              ...m.excused.map((i) => ({ memberId: ids[i], status: 'excused', note: 'Đi công tác' })),
            ],
          }),
        ),
      );
    }
  });

  // The featured logins have read what came in before the last week, each an hour after it came.
  const readBefore = Date.parse(life.readBefore);
  for (const login of plan.logins) {
    const reader = as(login.username);
    const old: NotificationView[] = [];
    for (let page = 1; ; page++) {
      const got = await notifications.listMine(
        reader,
        dto(NotificationQuery, { unreadOnly: true, page, pageSize: 200 }),
      );
      old.push(...got.items.filter((n) => new Date(n.createdAt).getTime() < readBefore));
      if (page * got.pageSize >= got.total) break;
    }
    await backdate.batch(async () => {
      for (const n of old) {
        const readAt = new Date(
          Math.min(new Date(n.createdAt).getTime() + 3_600_000, readBefore),
        ).toISOString();
        await backdate.at(readAt, () => notifications.markRead(reader, n.id));
      }
    });
  }

  const of = (review: string) => life.commitments.filter((c) => c.review === review).length;
  const ofPeriod = (periodType: string) => life.commitments.filter((c) => c.periodType === periodType).length;
  return {
    year: life.year,
    commitments: {
      yearly: ofPeriod('yearly'),
      quarterly: ofPeriod('quarterly'),
      monthly: ofPeriod('monthly'),
      accepted: of('accept'),
      returned: of('return'),
      waiting: of('wait'),
      drafts: of('draft'),
    },
    ...counts,
    meetings: life.meetings.length,
  };
}

/**
 * Late means submitted after the deadline day (commitments.rules.ts); the service judged it by the
 * real day of the call, so it is judged again by the day the submission was moved to.
 */
async function settleLate(em: EntityManager, id: string): Promise<void> {
  const c = await em.findOne(Commitment, {
    where: { id },
    select: { id: true, firstSubmittedAt: true, deadlineOn: true },
  });
  if (!c?.firstSubmittedAt || !c.deadlineOn) return;
  await em
    .createQueryBuilder()
    .update(Commitment)
    // updatedAt set to itself: the moved time stays.
    .set({ late: isLate(vnToday(c.firstSubmittedAt), c.deadlineOn), updatedAt: () => '"updatedAt"' })
    .where('id = :id', { id })
    .execute();
}

/**
 * The body a request would carry, through the same class-validator rules as the global
 * ValidationPipe: the services trust their DTOs, so the seeder checks them as HTTP would.
 */
function dto<T extends object>(type: ClassConstructor<T>, plain: Record<string, unknown>): T {
  const value = plainToInstance(type, plain);
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    const fields = errors.map(
      (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ') || 'invalid'}`,
    );
    throw new Error(`demo plan: invalid ${type.name} (${fields.join('; ')})`);
  }
  return value;
}

async function assertEmpty(db: Database, plan: DemoPlan): Promise<void> {
  const [organizations, takenUsernames] = await db.read(
    async (em) =>
      [
        await em.count(Organization),
        await em.find(User, {
          where: { username: In(plan.logins.map((l) => l.username)) },
          select: { username: true },
        }),
      ] as const,
  );
  if (organizations > 0) {
    throw new DemoSeedRefused(
      `This database already holds ${organizations} organisation(s); the demo only fills an empty database ` +
        'and never mixes with real data. Point DATABASE_PATH at a new file (e.g. DATABASE_PATH=database/demo.sqlite).',
    );
  }
  if (takenUsernames.length > 0) {
    throw new DemoSeedRefused(
      `The demo usernames ${takenUsernames.map((u) => u.username).join(', ')} are already taken.`,
    );
  }
}

function findCommittee(plan: DemoPlan, code: string): PlannedCommittee {
  const committee = planCommittees(plan.root).find((c) => c.code === code);
  if (!committee) throw new Error(`demo plan: no committee ${code}`);
  return committee;
}

function cellOf(plan: DemoPlan, code: string): PlannedCell {
  const cell = planCells(plan.root).find((c) => c.code === code);
  if (!cell) throw new Error(`demo plan: no cell ${code}`);
  return cell;
}

function memberOf(plan: DemoPlan, ref: MemberRef) {
  return cellOf(plan, ref.cellCode).members[ref.index];
}

function memberId(built: Built, ref: MemberRef): string {
  const id = built.members.get(ref.cellCode)?.[ref.index];
  if (!id) throw new Error(`demo plan: no member ${ref.index} in ${ref.cellCode}`);
  return id;
}
