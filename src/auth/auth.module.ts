import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Database } from '../common/database.service.js';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { ActorCache } from './actor-cache.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginFailure } from './login-failure.entity.js';
import { LoginLimiter, MemoryLoginLimiter, SharedLoginLimiter } from './login-limiter.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './passwords.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { TokenIssuer } from './token-issuer.js';
import { User } from './user.entity.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, RoleAssignment, Session, LoginFailure]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
        // it as a public key on every verify, which cost more than the rest of an authenticated read.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.accessTokenTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    TokenIssuer,
    ActorCache,
    PasswordHasher,
    {
      // SQLite: one process, counts in memory. PostgreSQL: counts shared by every process.
      provide: LoginLimiter,
      inject: [APP_CONFIG, Database],
      useFactory: (config: AppConfig, db: Database) =>
        db.isSqlite ? new MemoryLoginLimiter(new LoginThrottle(config)) : new SharedLoginLimiter(config, db),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PasswordHasher],
})
export class AuthModule {}
