import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/config.js';
import { CLI_CONFIG, CLI_IO, CliIo } from './cli-io.js';
import { CopyToPostgresCommand } from './copy-to-postgres.command.js';
import { BackupCommand, MigrateCommand, RestoreCommand } from './database.commands.js';
import { ImportMembersCommand } from './import-members.command.js';
import { SeedDemoCommand } from './seed-demo.command.js';
import { CreateAdminCommand, ResetPasswordCommand } from './users.commands.js';

/**
 * The command line's root module: only the commands. Each command opens what it needs itself, so
 * `backup` and `restore` never open the database through TypeORM, and `restore` can check that
 * nobody else has it open.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, io: CliIo): DynamicModule {
    return {
      module: CliModule,
      providers: [
        { provide: CLI_CONFIG, useValue: config },
        { provide: CLI_IO, useValue: io },
        CreateAdminCommand,
        ResetPasswordCommand,
        ImportMembersCommand,
        BackupCommand,
        RestoreCommand,
        MigrateCommand,
        SeedDemoCommand,
        CopyToPostgresCommand,
      ],
    };
  }
}
