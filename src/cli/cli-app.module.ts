import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DatabaseModule } from '../common/database.module.js';
import { AppConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { MembersModule } from '../members/members.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { UsersService } from '../users/users.service.js';

/** The CLI creates accounts only when asked to (create-admin), never as a side effect of starting. */
@Injectable()
class CliUsersService extends UsersService {
  override async onApplicationBootstrap(): Promise<void> {}
}

@Module({
  imports: [TypeOrmModule.forFeature([User, RoleAssignment])],
  providers: [{ provide: UsersService, useClass: CliUsersService }],
  exports: [UsersService],
})
class CliUsersModule {}

/** The services the database commands use; migrations run on start, as in the HTTP service. */
@Module({})
export class CliAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliAppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuditModule,
        AuthModule,
        AccessModule,
        OrganizationsModule,
        MembersModule,
        CliUsersModule,
        ImportsModule,
      ],
    };
  }
}
