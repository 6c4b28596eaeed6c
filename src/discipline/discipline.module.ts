import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ManifestationsModule } from '../manifestations/manifestations.module.js';
import { DisciplinaryRecord } from './disciplinary-record.entity.js';
import { DisciplineController } from './discipline.controller.js';
import { DisciplineService } from './discipline.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([DisciplinaryRecord]), ManifestationsModule],
  controllers: [DisciplineController],
  providers: [DisciplineService],
  exports: [DisciplineService],
})
export class DisciplineModule {}
