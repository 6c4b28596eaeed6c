import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { StudyTheme } from './study-theme.entity.js';
import { StudyThemesController } from './study-themes.controller.js';
import { StudyThemesService } from './study-themes.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([StudyTheme]), MeetingsModule],
  controllers: [StudyThemesController],
  providers: [StudyThemesService],
  exports: [StudyThemesService],
})
export class StudyThemesModule {}
