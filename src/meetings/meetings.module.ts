import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { StudyThemesModule } from '../study-themes/study-themes.module.js';
import { Meeting, MeetingAttendance, MeetingIssue, MeetingPresentation } from './meeting.entity.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Meeting, MeetingAttendance, MeetingPresentation, MeetingIssue]),
    StudyThemesModule,
    CommitmentsModule,
  ],
  controllers: [MeetingsController],
  providers: [MeetingsService],
  exports: [MeetingsService],
})
export class MeetingsModule {}
