import { CreateServerRequest, HOSTNAME_PATTERN } from '@hostdeck/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class CreateServerDto implements CreateServerRequest {
  @ApiProperty({ type: 'integer', example: 1, description: 'An active tariff (GET /api/tariffs)' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  readonly tariffId!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'An active OS template (GET /api/os)' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  readonly osId!: number;

  @ApiPropertyOptional({ example: 'web1', description: 'RFC 1123 label; generated when omitted' })
  @IsOptional()
  @IsString()
  @Matches(HOSTNAME_PATTERN, {
    message: 'hostname must be 1-63 letters, digits or inner hyphens (RFC 1123)',
  })
  readonly hostname?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... alice@laptop'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(4096, { each: true })
  @Matches(
    /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\r\n]*)?$/,
    {
      each: true,
      message: 'each sshPublicKeys entry must be one OpenSSH public key line',
    },
  )
  readonly sshPublicKeys?: string[];
}
