import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { IntParam } from '../common/int-param.js';
import { CatalogQuery, ReplaceCatalogItemDto } from './manifestations.dto.js';
import { ManifestationsService } from './manifestations.service.js';

@ApiTags('manifestations')
@ApiBearerAuth()
@Controller('manifestations')
export class ManifestationsController {
  constructor(private readonly catalogs: ManifestationsService) {}

  /** The 27 manifestations of NQ 04-NQ/TW, with the verification status of each text. */
  @Get()
  @RequirePermission('manifestation.read')
  list(@CurrentActor() actor: Actor, @Query() q: CatalogQuery) {
    return this.catalogs.listCatalog(actor, 'manifestation', q.version);
  }

  @Get('versions')
  @RequirePermission('manifestation.read')
  versions(@CurrentActor() actor: Actor) {
    return this.catalogs.listCatalogVersions(actor, 'manifestation');
  }

  @Get(':code')
  @RequirePermission('manifestation.read')
  get(@CurrentActor() actor: Actor, @IntParam('code') code: number, @Query() q: CatalogQuery) {
    return this.catalogs.getCatalogItem(actor, 'manifestation', code, q.version);
  }

  @Put(':code')
  @RequirePermission('manifestation.manage')
  replace(@CurrentActor() actor: Actor, @IntParam('code') code: number, @Body() dto: ReplaceCatalogItemDto) {
    return this.catalogs.replaceCatalogItem(actor, 'manifestation', code, dto);
  }
}

/** The 19 prohibitions of QĐ 37-QĐ/TW, served and versioned like the manifestations. */
@ApiTags('manifestations')
@ApiBearerAuth()
@Controller('prohibitions')
export class ProhibitionsController {
  constructor(private readonly catalogs: ManifestationsService) {}

  @Get()
  @RequirePermission('manifestation.read')
  list(@CurrentActor() actor: Actor, @Query() q: CatalogQuery) {
    return this.catalogs.listCatalog(actor, 'prohibition', q.version);
  }

  @Get('versions')
  @RequirePermission('manifestation.read')
  versions(@CurrentActor() actor: Actor) {
    return this.catalogs.listCatalogVersions(actor, 'prohibition');
  }

  @Get(':code')
  @RequirePermission('manifestation.read')
  get(@CurrentActor() actor: Actor, @IntParam('code') code: number, @Query() q: CatalogQuery) {
    return this.catalogs.getCatalogItem(actor, 'prohibition', code, q.version);
  }

  @Put(':code')
  @RequirePermission('manifestation.manage')
  replace(@CurrentActor() actor: Actor, @IntParam('code') code: number, @Body() dto: ReplaceCatalogItemDto) {
    return this.catalogs.replaceCatalogItem(actor, 'prohibition', code, dto);
  }
}
