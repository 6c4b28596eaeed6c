import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ManifestationsModule } from '../manifestations/manifestations.module.js';
import { ConductCheck, ConductCheckItem } from './conduct-check.entity.js';
import { ConductCheckListsService } from './conduct-check-lists.service.js';
import { ConductChecksController } from './conduct-checks.controller.js';
import { ConductChecksService } from './conduct-checks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ConductCheck, ConductCheckItem]), ManifestationsModule],
  controllers: [ConductChecksController],
  providers: [ConductChecksService, ConductCheckListsService],
  exports: [ConductChecksService],
})
export class ConductChecksModule {}
