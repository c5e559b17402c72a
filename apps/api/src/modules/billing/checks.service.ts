import type { CheckPage, CheckStatus, CheckView, ReceiptType } from '@hostdeck/contracts';
import { isStaffRole, RECEIPT_FIELD, RECEIPT_TYPES } from '@hostdeck/contracts';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ReadStream } from 'node:fs';
import { Repository } from 'typeorm';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { cleanFileName, sniffContentType } from '../../common/uploads/content-type';
import type { UploadedFile } from '../../common/uploads/form-with-file';
import { UploadStore } from '../../common/uploads/upload-store';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersService } from '../users/users.service';
import { Check } from './entities/check.entity';
import { LedgerService } from './ledger.service';

export const RECEIPT_STORE = Symbol('RECEIPT_STORE');

const money = (minor: number) => (minor / 100).toFixed(2);

function toCheckView(check: Check): CheckView {
  return {
    id: check.id,
    userId: check.userId,
    amountMinor: check.amountMinor,
    status: check.status,
    fileName: check.fileName,
    fileMime: check.fileMime as ReceiptType,
    fileSize: check.fileSize,
    rejectReason: check.rejectReason,
    reviewedAt: check.reviewedAt ? check.reviewedAt.toISOString() : null,
    createdAt: check.createdAt.toISOString(),
  };
}

/**
 * Payment checks: a customer uploads a receipt with the amount paid; staff approve it (the balance
 * is credited exactly once, even when two approve at the same moment) or reject it with a reason.
 */
@Injectable()
export class ChecksService {
  constructor(
    @InjectRepository(Check) private readonly checks: Repository<Check>,
    @Inject(RECEIPT_STORE) private readonly store: UploadStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async submitCheck(
    user: AuthUser,
    amountMinor: number,
    file: UploadedFile,
    ip: string,
  ): Promise<CheckView> {
    // The bytes decide the type, never the name or the browser's MIME type.
    const type = sniffContentType(file.data);
    if (!type || !(RECEIPT_TYPES as readonly string[]).includes(type)) {
      throw new BadRequestException([
        `${RECEIPT_FIELD}: receipts must be JPEG, PNG or WebP images or PDF documents (judged by content)`,
      ]);
    }
    const storedName = await this.store.save(file.data);
    const check = await this.checks.save(
      this.checks.create({
        userId: user.id,
        amountMinor,
        status: 'pending',
        filePath: storedName,
        fileName: cleanFileName(file.fileName || 'receipt'),
        fileMime: type,
        fileSize: file.data.length,
        reviewerId: null,
        rejectReason: null,
        reviewedAt: null,
      }),
    );
    await this.audit.record({
      action: 'check.submitted',
      actorId: user.id,
      targetType: 'check',
      targetId: check.id,
      ip,
      details: { amountMinor },
    });
    return toCheckView(check);
  }

  async listMine(user: AuthUser): Promise<CheckView[]> {
    return (
      await this.checks.find({ where: { userId: user.id }, order: { id: 'DESC' }, take: 100 })
    ).map(toCheckView);
  }

  async listForReview(
    status: CheckStatus | undefined,
    page: number,
    pageSize: number,
  ): Promise<CheckPage> {
    const query = this.checks
      .createQueryBuilder('receipt')
      // The customer's email, so a reviewer sees who paid (one user per check).
      .leftJoin('users', 'customer', 'customer.id = receipt.userId')
      .addSelect('customer.email', 'userEmail')
      .orderBy('receipt.id', status === 'pending' ? 'ASC' : 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    if (status) query.where('receipt.status = :status', { status });
    const [{ entities, raw }, total] = await Promise.all([
      query.getRawAndEntities<{ receipt_id: number | string; userEmail: string | null }>(),
      query.getCount(),
    ]);
    const emails = new Map(raw.map((row) => [Number(row.receipt_id), row.userEmail]));
    const items = entities.map((check) => ({
      ...toCheckView(check),
      userEmail: emails.get(check.id) ?? null,
    }));
    return { items, total, page, pageSize };
  }

  /** The receipt file, for its owner and staff only (anyone else: 404). */
  async openReceipt(user: AuthUser, id: number): Promise<{ check: CheckView; stream: ReadStream }> {
    const check = await this.checks.findOne({ where: { id } });
    if (!check || (check.userId !== user.id && !isStaffRole(user.role)))
      throw new NotFoundException(`Check ${id} not found`);
    const stream = await this.store.open(check.filePath);
    if (!stream) throw new NotFoundException(`The receipt of check ${id} is gone`);
    return { check: toCheckView(check), stream };
  }

  async approveCheck(
    reviewer: AuthUser,
    id: number,
    correctedAmountMinor: number | undefined,
    ip: string,
  ): Promise<CheckView> {
    const reviewedAt = new Date();
    const check = await this.unitOfWork.run(async (manager) => {
      const found = await manager.findOne(Check, { where: { id } });
      if (!found) throw new NotFoundException(`Check ${id} not found`);
      const amountMinor = correctedAmountMinor ?? found.amountMinor;
      // Only one reviewer moves it out of pending; a second click finds nothing to update.
      const moved = await manager.update(
        Check,
        { id, status: 'pending' },
        { status: 'approved', amountMinor, reviewerId: reviewer.id, reviewedAt },
      );
      if (moved.affected !== 1)
        throw new ConflictException(
          `Check ${id} was already ${found.status === 'pending' ? 'reviewed' : found.status}`,
        );
      await this.ledger.apply(manager, {
        userId: found.userId,
        type: 'topup',
        amountMinor,
        reference: `check:${id}`,
        description: `Payment check #${id}`,
        checkId: id,
        actorId: reviewer.id,
      });
      return Object.assign(found, {
        status: 'approved' as const,
        amountMinor,
        reviewerId: reviewer.id,
        reviewedAt,
      });
    });
    this.ledger.announceCredit(check.userId);
    const balance = (await this.users.getById(check.userId)).balanceMinor;
    await this.notifications.notify({
      userId: check.userId,
      kind: 'billing',
      title: `Payment of ${money(check.amountMinor)} approved`,
      body: `Your payment check #${id} was approved and ${money(check.amountMinor)} was added to your balance.`,
      link: '/billing',
    });
    await this.mail.sendToUser(check.userId, 'check-approved', {
      checkId: id,
      amountMinor: check.amountMinor,
      balanceMinor: balance,
    });
    await this.audit.record({
      action: 'check.approved',
      actorId: reviewer.id,
      targetType: 'check',
      targetId: id,
      ip,
      details: { amountMinor: check.amountMinor },
    });
    return toCheckView(check);
  }

  async rejectCheck(
    reviewer: AuthUser,
    id: number,
    reason: string,
    ip: string,
  ): Promise<CheckView> {
    const found = await this.checks.findOne({ where: { id } });
    if (!found) throw new NotFoundException(`Check ${id} not found`);
    const reviewedAt = new Date();
    const moved = await this.checks.update(
      { id, status: 'pending' },
      { status: 'rejected', rejectReason: reason, reviewerId: reviewer.id, reviewedAt },
    );
    if (moved.affected !== 1)
      throw new ConflictException(`Check ${id} was already ${found.status}`);
    Object.assign(found, {
      status: 'rejected',
      rejectReason: reason,
      reviewerId: reviewer.id,
      reviewedAt,
    });
    await this.notifications.notify({
      userId: found.userId,
      kind: 'billing',
      title: `Payment check #${id} was rejected`,
      body: `Your payment check #${id} for ${money(found.amountMinor)} was rejected: ${reason}`,
      link: '/billing',
    });
    await this.mail.sendToUser(found.userId, 'check-rejected', {
      checkId: id,
      amountMinor: found.amountMinor,
      reason,
    });
    await this.audit.record({
      action: 'check.rejected',
      actorId: reviewer.id,
      targetType: 'check',
      targetId: id,
      ip,
      details: { reason },
    });
    return toCheckView(found);
  }
}
