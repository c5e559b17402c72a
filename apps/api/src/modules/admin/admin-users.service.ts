import { randomUUID } from 'node:crypto';

import type { AdjustBalanceResponse, UserPage, UserRole, UserView } from '@hostdeck/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';

import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { LedgerService } from '../billing/ledger.service';
import { toUserView } from '../users/mappers/to-user-view';
import { UsersService } from '../users/users.service';
import type { ListUsersQueryDto } from './dto/admin-users.dto';

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async listUsers(query: ListUsersQueryDto): Promise<UserPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const { items, total } = await this.users.search({
      page,
      pageSize,
      search: query.search,
      role: query.role,
    });
    return { items: items.map(toUserView), total, page, pageSize };
  }

  async changeRole(actorId: number, userId: number, role: UserRole, ip: string): Promise<UserView> {
    if (actorId === userId) throw new BadRequestException('You cannot change your own role');
    const user = await this.users.setRole(userId, role);
    await this.audit.record({
      action: 'user.role-changed',
      actorId,
      targetType: 'user',
      targetId: userId,
      ip,
      details: { role },
    });
    return toUserView(user);
  }

  /** A manual credit or debit; a debit may not take the balance below zero. */
  async adjustBalance(
    actorId: number,
    userId: number,
    amountMinor: number,
    reason: string,
    ip: string,
  ): Promise<AdjustBalanceResponse> {
    await this.users.getById(userId);
    const { transaction } = await this.unitOfWork.run((manager) =>
      this.ledger.apply(manager, {
        userId,
        type: 'adjustment',
        amountMinor,
        reference: `adjustment:${randomUUID()}`,
        description: reason,
        actorId,
        requireFunds: true,
      }),
    );
    if (amountMinor > 0) this.ledger.announceCredit(userId);
    await this.audit.record({
      action: 'user.balance-adjusted',
      actorId,
      targetType: 'user',
      targetId: userId,
      ip,
      details: { amountMinor, reason },
    });
    return { user: toUserView(await this.users.getById(userId)), transactionId: transaction.id };
  }
}
