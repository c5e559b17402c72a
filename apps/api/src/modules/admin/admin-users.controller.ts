import type { AdjustBalanceResponse, UserPage, UserView } from '@hostdeck/contracts';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { UserViewDto } from '../auth/dto/auth-responses.dto';
import { AdminUsersService } from './admin-users.service';
import {
  AdjustBalanceDto,
  AdjustBalanceResponseDto,
  ListUsersQueryDto,
  UpdateUserRoleDto,
  UserPageDto,
} from './dto/admin-users.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly adminUsers: AdminUsersService) {}

  @Get()
  @Roles('support', 'admin')
  @ApiOperation({ summary: 'Users, paged and filtered (staff)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrorResponses(400, 401, 403)
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPage> {
    return this.adminUsers.listUsers(query);
  }

  @Patch(':id/role')
  @Roles('admin')
  @ApiOperation({ summary: "Change a user's role (admin)" })
  @ApiOkResponse({ type: UserViewDto })
  @ApiErrorResponses(400, 401, 403, 404)
  changeUserRole(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserRoleDto,
    @ClientIp() ip: string,
  ): Promise<UserView> {
    return this.adminUsers.changeRole(actor.id, id, body.role, ip);
  }

  @Post(':id/balance')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Admin: credit or debit a user's balance (written to the ledger)" })
  @ApiOkResponse({ type: AdjustBalanceResponseDto })
  @ApiErrorResponses(400, 401, 402, 403, 404)
  adjustUserBalance(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: AdjustBalanceDto,
    @ClientIp() ip: string,
  ): Promise<AdjustBalanceResponse> {
    return this.adminUsers.adjustBalance(actor.id, id, body.amountMinor, body.reason, ip);
  }
}
