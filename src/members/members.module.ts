import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { MemberCellHistory } from './member-cell-history.entity.js';
import { MemberExemption } from './member-exemption.entity.js';
import { MemberExemptionsController } from './member-exemptions.controller.js';
import { MemberExemptionsService } from './member-exemptions.service.js';
import { MemberPlacements } from './member-placements.js';
import { Member } from './member.entity.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Member, MemberCellHistory, MemberExemption]), OrganizationsModule],
  controllers: [MembersController, MemberExemptionsController],
  providers: [MembersService, MemberExemptionsService, MemberPlacements],
  exports: [MembersService],
})
export class MembersModule {}
