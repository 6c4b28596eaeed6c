import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { DatabaseModule } from './common/database.module.js';
import { ConductChecksModule } from './conduct-checks/conduct-checks.module.js';
import { DisciplineModule } from './discipline/discipline.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ManifestationsModule } from './manifestations/manifestations.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { MembersModule } from './members/members.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { StudyThemesModule } from './study-themes/study-themes.module.js';
import { UsersModule } from './users/users.module.js';

/** Feature modules, one per concept (see docs/ARCHITECTURE.md). */
const FEATURES = [
  AuditModule,
  AuthModule,
  AccessModule,
  HealthModule,
  MetricsModule,
  OrganizationsModule,
  MembersModule,
  UsersModule,
  CommitmentsModule,
  ManifestationsModule,
  StudyThemesModule,
  MeetingsModule,
  ImportsModule,
  EvaluationsModule,
  ConductChecksModule,
  DisciplineModule,
  NotificationsModule,
  ReportsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config), DatabaseModule, ...FEATURES] };
  }
}
