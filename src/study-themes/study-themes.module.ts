import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StudyTheme } from './study-theme.entity.js';
import { StudyThemesController } from './study-themes.controller.js';
import { StudyThemesService } from './study-themes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([StudyTheme])],
  controllers: [StudyThemesController],
  providers: [StudyThemesService],
  exports: [StudyThemesService],
})
export class StudyThemesModule {}
