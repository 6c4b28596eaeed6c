import { INestApplicationContext } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { In } from 'typeorm';
import { systemActor } from '../auth/actor.js';
import { Database } from '../common/database.service.js';
import { CreateMemberDto } from '../members/members.dto.js';
import { MembersService } from '../members/members.service.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from '../organizations/organizations.dto.js';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationsService, OrganizationView } from '../organizations/organizations.service.js';
import { User } from '../users/user.entity.js';
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
} from './demo-plan.js';

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
  committees: number;
  cells: number;
  members: { total: number; official: number; probationary: number; exempt: number };
  logins: DemoLogin[];
  password: string;
}

interface Built {
  orgs: Map<string, OrganizationView>;
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

  const built: Built = { orgs: new Map(), members: new Map() };
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
    for (const child of c.committees) await createCommittee(child, org.id);
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

  const logins: DemoLogin[] = [];
  for (const l of plan.logins) {
    const memberRef = memberId(built, l.member);
    const org = l.organizationCode ? built.orgs.get(l.organizationCode)! : null;
    await users.createUser(
      actor,
      dto(CreateUserDto, {
        username: l.username,
        password,
        memberId: memberRef,
        roles: org ? [{ role: l.role, organizationId: org.id }] : [],
      }),
    );
    logins.push({
      username: l.username,
      role: l.role,
      organization: org?.name ?? null,
      memberName: memberOf(plan, l.member).fullName,
      description: l.description,
    });
  }

  const all = planCells(plan.root).flatMap((c) => c.members);
  return {
    committees: [...built.orgs.values()].filter((o) => o.kind === 'committee').length,
    cells: [...built.orgs.values()].filter((o) => o.kind === 'cell').length,
    members: {
      total: all.length,
      official: all.filter((m) => m.status === 'official').length,
      probationary: all.filter((m) => m.status === 'probationary').length,
      exempt: all.filter((m) => m.isExempt).length,
    },
    logins,
    password,
  };
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
