import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CatalogAdminController } from './catalog-admin.controller';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { OperatingSystem } from './entities/operating-system.entity';
import { Tariff } from './entities/tariff.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Tariff, OperatingSystem])],
  controllers: [CatalogController, CatalogAdminController],
  providers: [CatalogService],
  exports: [CatalogService],
})
export class CatalogModule {}
