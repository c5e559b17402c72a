import type { UserPage, UserRole, UserView } from '@hostdeck/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { toUserView } from '../users/mappers/to-user-view';
import { UsersService } from '../users/users.service';
import type { ListUsersQueryDto } from './dto/admin-users.dto';

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
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
}
