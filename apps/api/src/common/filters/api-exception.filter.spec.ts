import { BadRequestException, ConflictException, HttpException } from '@nestjs/common';

import * as errors from '../../modules/proxmox/proxmox.errors';
import { toApiError } from './api-exception.filter';

describe('toApiError', () => {
  it('keeps the field messages of a validation error', () => {
    expect(toApiError(new BadRequestException(['email must be a valid email address']))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['email must be a valid email address'],
    });
  });

  it('keeps the message of a caller mistake', () => {
    expect(toApiError(new ConflictException('This email is already registered'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'This email is already registered',
    });
  });

  it('hides the details of an unexpected error', () => {
    const body = toApiError(new Error('ECONNREFUSED 10.0.0.5:3306 at Socket.connect (net.js:1)'));
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });

  it('maps a too-large body from Fastify to 413', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toApiError(error)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('names a custom status', () => {
    expect(toApiError(new HttpException('Insufficient balance', 402))).toEqual({
      statusCode: 402,
      error: 'Payment Required',
      message: 'Insufficient balance',
    });
  });
});

describe('toApiError with infrastructure errors', () => {
  it('answers an unreachable Proxmox with 503 and no upstream detail', () => {
    const body = toApiError(
      new errors.ProxmoxUnavailableError('GET /nodes: connect ECONNREFUSED 10.0.0.9:8006'),
    );
    expect(body.statusCode).toBe(503);
    expect(body.message).not.toContain('10.0.0.9');
  });

  it('answers a locked container with 409 and Proxmox message', () => {
    expect(toApiError(new errors.ProxmoxApiError(500, 'CT is locked (snapshot)'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'CT is locked (snapshot)',
    });
  });

  it('answers a rejected parameter with 400 naming it', () => {
    const body = toApiError(
      new errors.ProxmoxApiError(400, 'Parameter verification failed.', {
        snapname: 'invalid format',
      }),
    );
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain('snapname');
  });

  it('answers a failed task with 502', () => {
    expect(
      toApiError(new errors.ProxmoxTaskError('UPID:x', 'snapshot feature is not available'))
        .statusCode,
    ).toBe(502);
  });
});
