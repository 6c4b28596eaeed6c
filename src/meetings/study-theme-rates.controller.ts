import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { YearRateQuery } from '../study-themes/study-themes.dto.js';
import { StudyThemeRatesService } from './study-theme-rates.service.js';

/**
 * The study theme's yearly rates, computed from the year's meetings and commitments (served under
 * /api/study-themes with the operation ids they had in StudyThemesController).
 */
@ApiTags('study-themes')
@ApiBearerAuth()
@Controller('study-themes')
export class StudyThemeRatesController {
  constructor(private readonly rates: StudyThemeRatesService) {}

  /** Members present at least once at a study meeting of the year / members expected. */
  @Get('participation')
  @ApiOperation({ operationId: 'StudyThemesController_participation' })
  @RequirePermission('study-theme.read')
  participation(@CurrentActor() actor: Actor, @Query() q: YearRateQuery) {
    return this.rates.participationRate(actor, q);
  }

  /** Members with an accepted (or later) yearly commitment holding a `follow` item / members expected. */
  @Get('registration')
  @ApiOperation({ operationId: 'StudyThemesController_registration' })
  @RequirePermission('study-theme.read')
  registration(@CurrentActor() actor: Actor, @Query() q: YearRateQuery) {
    return this.rates.registrationRate(actor, q);
  }
}
