import type { UserRole } from '@hostdeck/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';

import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; errno?: number } | undefined;
  return (
    driverError?.code === 'ER_DUP_ENTRY' ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export interface UserSearch {
  page: number;
  pageSize: number;
  search?: string;
  role?: UserRole;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: normalizeEmail(email) } });
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  /** Creates a user; a taken email (in any letter case) is a 409. */
  async create(email: string, password: string, role: UserRole = 'customer'): Promise<User> {
    const normalized = normalizeEmail(email);
    if (await this.users.exists({ where: { email: normalized } })) {
      throw new ConflictException('This email is already registered');
    }
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.users.save(this.users.create({ email: normalized, passwordHash, role }));
    } catch (error) {
      // Two registrations racing past the check above meet the unique index here.
      if (isUniqueViolation(error)) throw new ConflictException('This email is already registered');
      throw error;
    }
  }

  async setPassword(user: User, password: string): Promise<void> {
    user.passwordHash = await this.hasher.hash(password);
    await this.users.update({ id: user.id }, { passwordHash: user.passwordHash });
  }

  async recordLogin(user: User): Promise<void> {
    user.lastLoginAt = new Date();
    await this.users.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
  }

  async setRole(id: number, role: UserRole): Promise<User> {
    const user = await this.getById(id);
    user.role = role;
    await this.users.update({ id }, { role });
    return user;
  }

  async search(query: UserSearch): Promise<{ items: User[]; total: number }> {
    const builder = this.users.createQueryBuilder('user').orderBy('user.id', 'ASC');
    if (query.search) {
      builder.andWhere('user.email LIKE :search', { search: `%${normalizeEmail(query.search)}%` });
    }
    if (query.role) builder.andWhere('user.role = :role', { role: query.role });
    const [items, total] = await builder
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Reads a user inside a transaction, row-locked on MariaDB (SELECT … FOR UPDATE) so concurrent
   * balance changes queue; SQLite transactions are already serialized by UnitOfWork.
   */
  async lockForBalanceChange(manager: EntityManager, id: number): Promise<User> {
    const isMysql = manager.connection.options.type === 'mysql';
    const user = await manager.findOne(User, {
      where: { id },
      ...(isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  async setBalance(manager: EntityManager, id: number, balanceMinor: number): Promise<void> {
    await manager.update(User, { id }, { balanceMinor });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  existsWithRole(role: UserRole): Promise<boolean> {
    return this.users.exists({ where: { role } });
  }
}
