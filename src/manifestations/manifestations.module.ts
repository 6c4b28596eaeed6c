import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogItem, CatalogVersion } from './catalog.entity.js';
import { ManifestationsController, ProhibitionsController } from './manifestations.controller.js';
import { ManifestationsService } from './manifestations.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogVersion, CatalogItem])],
  controllers: [ManifestationsController, ProhibitionsController],
  providers: [ManifestationsService],
  exports: [ManifestationsService],
})
export class ManifestationsModule {}
