import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** Record scope for every feature (AccessService); global like the guard's permission check. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
