import type { LoginResponse, RegisterResponse } from '@hostdeck/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';

import { ApiErrorResponses } from '../../common/http/api-error-responses.decorator';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { AuthService } from './auth.service';
import { LoginResponseDto, UserEnvelopeDto } from './dto/auth-responses.dto';
import {
  ChangePasswordDto,
  LoginDto,
  LogoutDto,
  RefreshDto,
  RegisterDto,
} from './dto/credentials.dto';

@ApiTags('auth')
@Controller('auth')
@UseGuards(ThrottlerGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create a customer account' })
  @ApiCreatedResponse({ type: UserEnvelopeDto })
  @ApiConflictResponse({ description: 'The email is already registered' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP' })
  @ApiErrorResponses(400)
  async registerUser(@Body() body: RegisterDto, @ClientIp() ip: string): Promise<RegisterResponse> {
    return { user: await this.auth.register(body.email, body.password, ip) };
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in; returns an access token and a rotating refresh token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP' })
  @ApiErrorResponses(400)
  loginUser(@Body() body: LoginDto, @ClientIp() ip: string): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Public()
  @SkipThrottle()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trade a refresh token for new tokens (single use; reuse revokes the session)',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or reused refresh token' })
  @ApiErrorResponses(400)
  refreshTokens(@Body() body: RefreshDto, @ClientIp() ip: string): Promise<LoginResponse> {
    return this.auth.refresh(body.refreshToken, ip);
  }

  @SkipThrottle()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revoke this session (or every session when no refresh token is given)',
  })
  @ApiErrorResponses(400, 401)
  async logoutUser(
    @CurrentUser() user: AuthUser,
    @Body() body: LogoutDto,
    @ClientIp() ip: string,
  ): Promise<void> {
    await this.auth.logout(user.id, body.refreshToken, ip);
  }

  // Throttled like login: the current password must not be guessable through this form.
  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change my password (the current one is required); every session is signed out and this one gets new tokens',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP' })
  @ApiErrorResponses(400, 401)
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @ClientIp() ip: string,
  ): Promise<LoginResponse> {
    return this.auth.changePassword(user.id, body.currentPassword, body.newPassword, ip);
  }

  @SkipThrottle()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: UserEnvelopeDto })
  @ApiErrorResponses(401)
  async getCurrentUser(@CurrentUser() user: AuthUser): Promise<RegisterResponse> {
    return { user: await this.auth.me(user.id) };
  }
}
