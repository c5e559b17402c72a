import type { CatalogRemoval, OperatingSystemView, TariffView } from '@hostdeck/contracts';
import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { PARSE_ID } from '../../common/http/parse-id.pipe';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { CatalogService } from './catalog.service';
import {
  CatalogRemovalDto,
  CreateOperatingSystemDto,
  CreateTariffDto,
  UpdateOperatingSystemDto,
  UpdateTariffDto,
} from './dto/catalog-admin.dto';
import { OperatingSystemViewDto, TariffViewDto } from './dto/catalog-views.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class CatalogAdminController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('tariffs')
  @ApiOperation({ summary: 'Every tariff, on sale or not' })
  @ApiOkResponse({ type: [TariffViewDto] })
  @ApiErrorResponses(401, 403)
  listAllTariffs(): Promise<TariffView[]> {
    return this.catalog.listAllTariffs();
  }

  @Post('tariffs')
  @ApiOperation({ summary: 'Add a tariff' })
  @ApiCreatedResponse({ type: TariffViewDto })
  @ApiErrorResponses(400, 401, 403, 409)
  createTariff(@Body() body: CreateTariffDto): Promise<TariffView> {
    return this.catalog.createTariff(body);
  }

  @Patch('tariffs/:id')
  @ApiOperation({ summary: 'Change a tariff (new servers get it; existing ones keep theirs)' })
  @ApiOkResponse({ type: TariffViewDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  updateTariff(
    @Param('id', PARSE_ID) id: number,
    @Body() body: UpdateTariffDto,
  ): Promise<TariffView> {
    return this.catalog.updateTariff(id, body);
  }

  @Delete('tariffs/:id')
  @ApiOperation({ summary: 'Delete a tariff, or deactivate it when servers use it' })
  @ApiOkResponse({ type: CatalogRemovalDto })
  @ApiErrorResponses(400, 401, 403, 404)
  removeTariff(@Param('id', PARSE_ID) id: number): Promise<CatalogRemoval> {
    return this.catalog.removeTariff(id);
  }

  @Get('os')
  @ApiOperation({ summary: 'Every OS template, offered or not' })
  @ApiOkResponse({ type: [OperatingSystemViewDto] })
  @ApiErrorResponses(401, 403)
  listAllOperatingSystems(): Promise<OperatingSystemView[]> {
    return this.catalog.listAllOperatingSystems();
  }

  @Post('os')
  @ApiOperation({ summary: 'Offer an OS template' })
  @ApiCreatedResponse({ type: OperatingSystemViewDto })
  @ApiErrorResponses(400, 401, 403, 409)
  createOperatingSystem(@Body() body: CreateOperatingSystemDto): Promise<OperatingSystemView> {
    return this.catalog.createOperatingSystem(body);
  }

  @Patch('os/:id')
  @ApiOperation({ summary: 'Change an OS template entry' })
  @ApiOkResponse({ type: OperatingSystemViewDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  updateOperatingSystem(
    @Param('id', PARSE_ID) id: number,
    @Body() body: UpdateOperatingSystemDto,
  ): Promise<OperatingSystemView> {
    return this.catalog.updateOperatingSystem(id, body);
  }

  @Delete('os/:id')
  @ApiOperation({ summary: 'Delete an OS template entry, or deactivate it when servers use it' })
  @ApiOkResponse({ type: CatalogRemovalDto })
  @ApiErrorResponses(400, 401, 403, 404)
  removeOperatingSystem(@Param('id', PARSE_ID) id: number): Promise<CatalogRemoval> {
    return this.catalog.removeOperatingSystem(id);
  }
}
