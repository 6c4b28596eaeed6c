import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command, Option } from 'nest-commander';
import { systemActor } from '../common/actor.js';
import { CreateUserDto } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { CliAppModule } from './cli-app.module.js';
import { CliCommand, CliError, CliIo, withApp } from './cli-io.js';

const generatedPassword = () => randomBytes(18).toString('base64url');

function printPassword(io: CliIo, username: string, password: string, generated: boolean): void {
  if (!generated) return;
  io.out(`Password for "${username}" (shown only once, change it after logging in): ${password}`);
}

interface PasswordOptions {
  password?: string;
}

@Command({
  name: 'create-admin',
  arguments: '<username>',
  description:
    'Create an administrator account (whole system); prints a generated password unless --password is given',
})
export class CreateAdminCommand extends CliCommand {
  @Option({
    flags: '-p, --password <password>',
    description: 'use this password (12 to 128 characters) instead of a generated one',
  })
  parsePassword(value: string): string {
    return value;
  }

  protected async execute([username]: string[], options: PasswordOptions): Promise<void> {
    const password = options.password ?? generatedPassword();
    const dto = plainToInstance(CreateUserDto, { username, password, roles: [{ role: 'admin' }] });
    const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length > 0) {
      throw new CliError(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; '));
    }
    const user = await withApp(CliAppModule.forRoot(this.config), (app) =>
      app.get(UsersService).createUser(systemActor('cli:create-admin'), dto),
    );
    this.io.out(`Created administrator "${user.username}" (id ${user.id}).`);
    printPassword(this.io, user.username, password, options.password === undefined);
  }
}

@Command({
  name: 'reset-password',
  arguments: '<username>',
  description:
    'Set a new password for an account and end all of its sessions; prints a generated password unless --password is given',
})
export class ResetPasswordCommand extends CliCommand {
  @Option({
    flags: '-p, --password <password>',
    description: 'use this password (12 to 128 characters) instead of a generated one',
  })
  parsePassword(value: string): string {
    return value;
  }

  protected async execute([username]: string[], options: PasswordOptions): Promise<void> {
    const password = options.password ?? generatedPassword();
    const wanted = username.trim().toLowerCase();
    const done = await withApp(CliAppModule.forRoot(this.config), async (app) => {
      const users = app.get(UsersService);
      const actor = systemActor('cli:reset-password');
      const page = await users.listUsers(actor, { q: wanted, page: 1, pageSize: 200 });
      const user = page.items.find((u) => u.username === wanted);
      if (!user) throw new CliError(`No account named "${wanted}"`);
      return users.updateUser(actor, user.id, { version: user.version, password });
    });
    this.io.out(`Password of "${done.username}" reset; its sessions were ended.`);
    printPassword(this.io, done.username, password, options.password === undefined);
  }
}
