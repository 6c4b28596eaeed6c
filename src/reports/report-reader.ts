import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Database, ReportRead } from '../common/database.service.js';
import {
  documentHeading,
  OrganizationNode,
  recipientsOf,
  signatureBlock,
} from '../common/document-layout.rules.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ancestorIds } from '../organizations/organizations.rules.js';
import { PrintedLayout } from './overview-pdf.js';
import { ReportCache, ReportKey } from './report-cache.js';
import type { ReportHead } from './reports.responses.js';

/** The heading of a report computed now. */
export function reportHead(org: Organization, year: number): ReportHead {
  return { organizationId: org.id, organizationName: org.name, year, generatedAt: new Date().toISOString() };
}

/** One report's figures of one organisation: how they are cached (ReportKey) and computed. */
export interface ReportSpec<T> {
  report: string;
  parts: ReportKey['parts'];
  tables: ReportKey['tables'];
  compute(em: EntityManager, org: Organization): Promise<T>;
  /** Rows the cached value weighs (ReportCache's limit); 1 when absent. */
  weight?: (value: T) => number;
}

/**
 * The skeleton every organisation report runs (docs/REPORTS.md): the scope check, then the figures
 * from the cache, or computed on a replica when there are any (Database.report), else the primary.
 */
@Injectable()
export class ReportReader {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly cache: ReportCache,
  ) {}

  /** The organisation in the caller's reach and the report's figures of it (`format`: see `figuresOf`). */
  async run<T>(
    actor: Actor,
    organizationId: string,
    format: string | undefined,
    spec: ReportSpec<T>,
  ): Promise<ReportRead<T> & { org: Organization }> {
    const org = await this.scoped(actor, organizationId);
    return { org, ...(await this.figuresOf(org, format, spec)) };
  }

  /**
   * A report's figures of an organisation the caller may read (checked before) from the cache, or
   * computed. A JSON answer may come from a replica within REPLICA_MAX_LAG_SECONDS and then states its
   * `asOf` and `replicaLagSeconds`; a file (XLSX, CSV, PDF) states nothing, so it is computed only from
   * current rows (a caught-up replica or the primary).
   */
  async figuresOf<T>(
    org: Organization,
    format: string | undefined,
    spec: ReportSpec<T>,
  ): Promise<ReportRead<T>> {
    const json = !format || format === 'json';
    const key = { report: spec.report, organizationId: org.id, parts: spec.parts, tables: spec.tables };
    const work = (em: EntityManager) => spec.compute(em, org);
    const read = await this.cache.getRead(key, () => this.db.report(work, { allowLag: json }), spec.weight);
    // A file's request may have joined a JSON request's computation on a lagging replica.
    if (read.staleness && !json) return this.db.report(work, { allowLag: false });
    return read;
  }

  /**
   * Reports name an organisation's figures: only leaders and secretaries over it (a secretary's reach
   * is their cell). Anything else answers 404, as if it did not exist.
   */
  scoped(actor: Actor, id: string): Promise<Organization> {
    return this.db.read(async (em) => {
      const org = await this.access.visibleOrganization(em, actor, 'report.read', id);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'report.read'), org.path))
        throw DomainError.notFound('Organization');
      return org;
    });
  }

  /**
   * The party document's layout around a report printed for `org` (document-layout.rules.ts): its
   * heading (the organisation under its superior, the place, today's date), recipients and signature
   * block (the organisation's head, when recorded).
   */
  printedLayout(org: Organization): Promise<PrintedLayout> {
    return this.db.read(async (em) => {
      const chain = await chainOf(em, org);
      const head = org.headMemberId
        ? await em.findOne(Member, { where: { id: org.headMemberId }, select: { id: true, fullName: true } })
        : null;
      return {
        heading: documentHeading(chain, vnToday()),
        signature: signatureBlock(org, head?.fullName ?? null),
        recipients: recipientsOf(chain),
      };
    });
  }
}

/** The organisation and its ancestors, from it up to the top of the tree. */
export async function chainOf(em: EntityManager, org: Organization): Promise<OrganizationNode[]> {
  const ids = ancestorIds(org.path);
  const ancestors = ids.length
    ? await em.find(Organization, {
        where: { id: In(ids) },
        select: { id: true, name: true, kind: true, isGrassroots: true, depth: true },
      })
    : [];
  return [org, ...ancestors.sort((a, b) => b.depth - a.depth)];
}
