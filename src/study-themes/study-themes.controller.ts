import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { CreateStudyThemeDto, StudyThemeQuery } from './study-themes.dto.js';
import { StudyThemesService } from './study-themes.service.js';

@ApiTags('study-themes')
@ApiBearerAuth()
@Controller('study-themes')
export class StudyThemesController {
  constructor(private readonly themes: StudyThemesService) {}

  @Get()
  @RequirePermission('study-theme.read')
  list(@CurrentActor() actor: Actor, @Query() q: StudyThemeQuery) {
    return this.themes.listStudyThemes(actor, q);
  }

  @Post()
  @RequirePermission('study-theme.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStudyThemeDto) {
    return this.themes.createStudyTheme(actor, dto);
  }
}
