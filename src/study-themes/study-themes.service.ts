import { Injectable } from '@nestjs/common';
import { AuditService, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { studyThemeError } from './study-themes.errors.js';
import { Database } from '../common/database.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { StudyTheme } from './study-theme.entity.js';
import { CreateStudyThemeDto, StudyThemeQuery } from './study-themes.dto.js';
import { listThemes, ThemeFilter } from './study-themes.repository.js';
import type { StudyThemeView } from './study-themes.responses.js';

@Injectable()
export class StudyThemesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * With organizationId: the themes that apply to it (its own and its ancestors'), the nearest one per
   * year flagged `effective`. Without: the themes set in the caller's subtrees and above them.
   */
  async listStudyThemes(actor: Actor, q: StudyThemeQuery): Promise<StudyThemeView[]> {
    return this.db.read(async (em) => {
      let target: Organization | null = null;
      let filter: ThemeFilter;
      if (q.organizationId) {
        target = await this.access.visibleOrganization(em, actor, 'study-theme.read', q.organizationId);
        filter = { appliesTo: target.path, year: q.year };
      } else {
        const scope = this.access.scopeOf(actor, 'study-theme.read');
        const roots = [...scope.paths, ...(scope.selfCellPath ? [scope.selfCellPath] : [])];
        if (!scope.all && roots.length === 0) return [];
        filter = { roots: scope.all ? null : roots, year: q.year };
      }
      const seenYears = new Set<number>();
      return (await listThemes(em, filter)).map(({ theme: t, organizationName }) => {
        const view = this.toView(t, organizationName);
        if (target) {
          view.effective = !seenYears.has(t.year);
          seenYears.add(t.year);
        }
        return view;
      });
    });
  }

  async createStudyTheme(actor: Actor, dto: CreateStudyThemeDto): Promise<StudyThemeView> {
    return this.db.transaction(async (em) => {
      const org = await this.access.visibleOrganization(em, actor, 'study-theme.manage', dto.organizationId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'study-theme.manage'), org.path)) {
        throw DomainError.notFound('Organization');
      }
      if (await em.existsBy(StudyTheme, { organizationId: org.id, year: dto.year })) {
        throw studyThemeError('STUDY_THEME_DUPLICATE', `A theme for ${dto.year} is already set here`, [
          { field: 'year', rule: 'unique', message: 'year already has a theme for this organisation' },
        ]);
      }
      const theme = await em.save(
        em.create(StudyTheme, {
          organizationId: org.id,
          year: dto.year,
          title: dto.title.normalize('NFC'),
          description: dto.description?.normalize('NFC') ?? null,
          createdByUserId: actor.userId,
          version: 1,
        }),
      );
      await this.audit.record(em, actor, {
        action: 'study-theme.create',
        entityType: 'study-theme',
        entityId: theme.id,
        organizationPath: org.path,
        changes: snapshot(theme),
      });
      return this.toView(theme, org.name);
    });
  }

  private toView(t: StudyTheme, organizationName: string): StudyThemeView {
    return {
      id: t.id,
      organizationId: t.organizationId,
      organizationName,
      year: t.year,
      title: t.title,
      description: t.description,
      version: t.version,
      createdAt: t.createdAt,
    };
  }
}
