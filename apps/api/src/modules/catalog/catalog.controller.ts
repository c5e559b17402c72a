import type { OperatingSystemView, TariffView } from '@hostdeck/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { CatalogService } from './catalog.service';
import { OperatingSystemViewDto, TariffViewDto } from './dto/catalog-views.dto';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('tariffs')
  @ApiOperation({ summary: 'Tariffs on sale' })
  @ApiOkResponse({ type: [TariffViewDto] })
  @ApiErrorResponses(401)
  listTariffs(): Promise<TariffView[]> {
    return this.catalog.listActiveTariffs();
  }

  @Get('os')
  @ApiOperation({ summary: 'Operating system templates on offer' })
  @ApiOkResponse({ type: [OperatingSystemViewDto] })
  @ApiErrorResponses(401)
  listOperatingSystems(): Promise<OperatingSystemView[]> {
    return this.catalog.listActiveOperatingSystems();
  }
}
