import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { Meeting, MeetingAttendance, MeetingIssue, MeetingPresentation } from './meeting.entity.js';
import { CellLifeRates } from './cell-life-rates.repository.js';
import { MeetingIssuesService } from './meeting-issues.service.js';
import { MeetingPackService } from './meeting-pack.service.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';
import { StudyThemeRatesController } from './study-theme-rates.controller.js';
import { StudyThemeRatesService } from './study-theme-rates.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Meeting, MeetingAttendance, MeetingPresentation, MeetingIssue]),
    CommitmentsModule,
  ],
  controllers: [MeetingsController, StudyThemeRatesController],
  providers: [
    MeetingsService,
    MeetingIssuesService,
    MeetingPackService,
    CellLifeRates,
    StudyThemeRatesService,
  ],
  exports: [MeetingsService, CellLifeRates],
})
export class MeetingsModule {}
