import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { YearRateQuery } from '../study-themes/study-themes.dto.js';
import { CellLifeRates } from './cell-life-rates.repository.js';
import type { ParticipationRate, RegistrationRate } from './meetings.responses.js';

/**
 * The study theme's yearly rates (docs/CELL-LIFE.md), served under /api/study-themes: counted from the
 * meetings and commitments of the year, so they are computed here, beside the other cell-life rates.
 */
@Injectable()
export class StudyThemeRatesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly rates: CellLifeRates,
  ) {}

  async participationRate(actor: Actor, q: YearRateQuery): Promise<ParticipationRate> {
    return this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      return this.rates.participation(em, org.id, org.path, q.year);
    });
  }

  async registrationRate(actor: Actor, q: YearRateQuery): Promise<RegistrationRate> {
    return this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      return this.rates.registration(em, org.id, org.path, q.year);
    });
  }

  /** Rates name nobody, but they still describe an organisation: only leaders/secretaries over it. */
  private async scopedOrganization(em: EntityManager, actor: Actor, id: string): Promise<Organization> {
    const org = await this.access.visibleOrganization(em, actor, 'study-theme.read', id);
    if (!this.access.coversPath(this.access.scopeOf(actor, 'study-theme.read'), org.path))
      throw DomainError.notFound('Organization');
    return org;
  }
}
