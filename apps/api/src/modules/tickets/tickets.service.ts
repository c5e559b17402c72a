import type { ReadStream } from 'node:fs';

import type {
  AssignTicketRequest,
  TicketAttachmentType,
  TicketDetail,
  TicketListQuery,
  TicketPage,
  TicketStatus,
  TicketSummary,
  UpdateTicketRequest,
} from '@hostdeck/contracts';
import { isStaffRole } from '@hostdeck/contracts';
import {
  BadRequestException,
  Inject,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';

import type { AuthUser } from '../../common/decorators/current-user.decorator';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ServersService } from '../servers/servers.service';
import { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { cleanFileName, judgeAttachment } from '../../common/uploads/content-type';
import { UploadStore } from '../../common/uploads/upload-store';
import { TICKET_ATTACHMENT_STORE } from './tickets.tokens';
import type { CreateTicketDto, TicketReplyDto } from './dto/ticket-requests.dto';
import { TicketMessage } from './entities/ticket-message.entity';
import { Ticket } from './entities/ticket.entity';
import { toTicketMessageView, toTicketSummary } from './mappers/to-ticket-view';
import { TICKET_MESSAGE_POSTED, TicketMessagePostedEvent } from './ticket-events';
import type { UploadedFile } from '../../common/uploads/form-with-file';

interface StoredAttachment {
  path: string;
  name: string;
  mime: TicketAttachmentType;
  size: number;
}

export interface AttachmentDownload {
  stream: ReadStream;
  name: string;
  mimeType: TicketAttachmentType;
  sizeBytes: number;
}

/** A LIKE pattern that matches the text literally (ESCAPE '!' reads the same on both dialects). */
function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * Support tickets. Customers see only their own tickets (any other is a 404) and never an
 * internal note: not in a response, a search, a timestamp, a notification or a mail. Staff see
 * the whole queue. Replies move the status: staff → answered, customer → customer-reply.
 */
@Injectable()
export class TicketsService {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    @InjectRepository(TicketMessage) private readonly messages: Repository<TicketMessage>,
    private readonly unitOfWork: UnitOfWork,
    @Inject(TICKET_ATTACHMENT_STORE) private readonly attachments: UploadStore,
    private readonly servers: ServersService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  // ---- reading ------------------------------------------------------------------------------

  async listTickets(user: AuthUser, query: TicketListQuery): Promise<TicketPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    const isStaff = isStaffRole(user.role);
    const builder = this.summaries();
    if (!isStaff) builder.andWhere('ticket.userId = :me', { me: user.id });
    else if (query.userId) builder.andWhere('ticket.userId = :userId', { userId: query.userId });
    if (query.status === 'active') builder.andWhere("ticket.status <> 'closed'");
    else if (query.status) builder.andWhere('ticket.status = :status', { status: query.status });
    if (query.priority)
      builder.andWhere('ticket.priority = :priority', { priority: query.priority });
    if (isStaff && query.assignee === 'me')
      builder.andWhere('ticket.assigneeId = :assignee', { assignee: user.id });
    else if (isStaff && query.assignee === 'none') builder.andWhere('ticket.assigneeId IS NULL');
    else if (isStaff && typeof query.assignee === 'number')
      builder.andWhere('ticket.assigneeId = :assignee', { assignee: query.assignee });
    if (query.search) this.applySearch(builder, query.search.trim(), isStaff);

    const total = await builder.getCount();
    const { entities, raw } = await builder
      .orderBy('ticket.lastMessageAt', 'DESC')
      .addOrderBy('ticket.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawAndEntities();
    return { items: this.withEmails(entities, raw), total, page, pageSize };
  }

  async getTicket(user: AuthUser, id: number): Promise<TicketDetail> {
    const ticket = await this.findVisible(user, id);
    return this.detail(user, ticket);
  }

  async getAttachment(
    user: AuthUser,
    ticketId: number,
    messageId: number,
  ): Promise<AttachmentDownload> {
    await this.findVisible(user, ticketId);
    const message = await this.messages.findOne({ where: { id: messageId, ticketId } });
    const isVisible = message && (!message.isInternal || isStaffRole(user.role));
    const stream =
      isVisible && message.attachmentPath
        ? await this.attachments.open(message.attachmentPath)
        : null;
    if (!message || !stream) throw new NotFoundException('Attachment not found');
    return {
      stream,
      name: message.attachmentName ?? 'attachment',
      mimeType: message.attachmentMime as TicketAttachmentType,
      sizeBytes: message.attachmentSize ?? 0,
    };
  }

  // ---- writing ------------------------------------------------------------------------------

  async createTicket(
    user: AuthUser,
    dto: CreateTicketDto,
    upload: UploadedFile | null,
    ip: string,
  ): Promise<TicketDetail> {
    // Someone else's server is a 404, as everywhere.
    if (dto.serverId) await this.servers.getForAction(user, dto.serverId, 'view');
    const isStaff = isStaffRole(user.role);
    const attachment = upload ? await this.storeAttachment(upload) : null;
    const now = new Date();
    let ticket: Ticket;
    try {
      ticket = await this.unitOfWork.run(async (manager) => {
        const created = await manager.save(
          manager.create(Ticket, {
            userId: user.id,
            serverId: dto.serverId ?? null,
            subject: dto.subject,
            status: 'open',
            priority: dto.priority ?? 'normal',
            assigneeId: null,
            lastMessageAt: now,
            closedAt: null,
          }),
        );
        await manager.save(
          manager.create(TicketMessage, {
            ticketId: created.id,
            authorId: user.id,
            body: dto.body,
            isInternal: false,
            isFromStaff: isStaff,
            ...this.attachmentColumns(attachment),
          }),
        );
        return created;
      });
    } catch (error) {
      if (attachment) await this.attachments.remove(attachment.path);
      throw error;
    }
    await this.audit.record({
      action: 'ticket.create',
      actorId: user.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      details: { priority: ticket.priority, serverId: ticket.serverId },
    });
    this.announce(ticket, user, dto.body, true);
    return this.detail(user, ticket);
  }

  async replyToTicket(
    user: AuthUser,
    id: number,
    dto: TicketReplyDto,
    upload: UploadedFile | null,
    ip: string,
  ): Promise<TicketDetail> {
    const ticket = await this.findVisible(user, id);
    const isStaff = isStaffRole(user.role);
    if (dto.isInternal && !isStaff) {
      throw new ForbiddenException('Only support staff can add internal notes');
    }
    const isInternal = isStaff && dto.isInternal === true;
    const attachment = upload ? await this.storeAttachment(upload) : null;
    const now = new Date();
    // A note changes nothing the customer can see: not the status, not even a timestamp.
    const change: Partial<Ticket> = isInternal
      ? {}
      : {
          status: isStaff ? 'answered' : 'customer-reply',
          closedAt: null,
          lastMessageAt: now,
          // The first staff member to answer takes the ticket.
          ...(isStaff && ticket.assigneeId === null ? { assigneeId: user.id } : {}),
        };
    try {
      await this.unitOfWork.run(async (manager) => {
        await manager.save(
          manager.create(TicketMessage, {
            ticketId: ticket.id,
            authorId: user.id,
            body: dto.body,
            isInternal,
            isFromStaff: isStaff,
            ...this.attachmentColumns(attachment),
          }),
        );
        if (Object.keys(change).length > 0) await manager.update(Ticket, { id: ticket.id }, change);
      });
    } catch (error) {
      if (attachment) await this.attachments.remove(attachment.path);
      throw error;
    }
    Object.assign(ticket, change);
    if (isStaff) {
      await this.audit.record({
        action: isInternal ? 'ticket.note' : 'ticket.reply',
        actorId: user.id,
        targetType: 'ticket',
        targetId: ticket.id,
        ip,
        details: attachment ? { attachment: attachment.mime } : undefined,
      });
    }
    if (!isInternal) this.announce(ticket, user, dto.body, false);
    return this.getTicket(user, ticket.id);
  }

  async closeTicket(user: AuthUser, id: number, ip: string): Promise<TicketSummary> {
    const ticket = await this.findVisible(user, id);
    if (ticket.status !== 'closed') await this.changeStatus(user, ticket, 'closed', ip);
    return this.summary(ticket.id);
  }

  async reopenTicket(user: AuthUser, id: number, ip: string): Promise<TicketSummary> {
    const ticket = await this.findVisible(user, id);
    if (ticket.status === 'closed') await this.changeStatus(user, ticket, 'open', ip);
    return this.summary(ticket.id);
  }

  /** Staff: status and priority by hand. */
  async updateTicket(
    actor: AuthUser,
    id: number,
    dto: UpdateTicketRequest,
    ip: string,
  ): Promise<TicketSummary> {
    if (dto.status === undefined && dto.priority === undefined) {
      throw new BadRequestException(['Give a status or a priority to change']);
    }
    const ticket = await this.findVisible(actor, id);
    const change: Partial<Ticket> = {};
    if (dto.priority && dto.priority !== ticket.priority) change.priority = dto.priority;
    if (dto.status && dto.status !== ticket.status) {
      change.status = dto.status;
      change.closedAt = dto.status === 'closed' ? new Date() : null;
    }
    if (Object.keys(change).length > 0) {
      await this.tickets.update({ id }, change);
      await this.audit.record({
        action: 'ticket.update',
        actorId: actor.id,
        targetType: 'ticket',
        targetId: id,
        ip,
        details: {
          ...(change.status ? { status: { from: ticket.status, to: change.status } } : {}),
          ...(change.priority ? { priority: { from: ticket.priority, to: change.priority } } : {}),
        },
      });
    }
    return this.summary(id);
  }

  /** Staff: give the ticket to a support or admin user (or to nobody). */
  async assignTicket(
    actor: AuthUser,
    id: number,
    dto: AssignTicketRequest,
    ip: string,
  ): Promise<TicketSummary> {
    const ticket = await this.findVisible(actor, id);
    if (dto.assigneeId !== null) {
      const assignee = await this.users.findById(dto.assigneeId);
      if (!assignee || !isStaffRole(assignee.role)) {
        throw new BadRequestException(['assigneeId must be a support or admin user']);
      }
    }
    if (dto.assigneeId !== ticket.assigneeId) {
      await this.tickets.update({ id }, { assigneeId: dto.assigneeId });
      await this.audit.record({
        action: 'ticket.assign',
        actorId: actor.id,
        targetType: 'ticket',
        targetId: id,
        ip,
        details: { from: ticket.assigneeId, to: dto.assigneeId },
      });
      if (dto.assigneeId !== null && dto.assigneeId !== actor.id) {
        await this.notifications.notify({
          userId: dto.assigneeId,
          kind: 'ticket',
          title: `Ticket #${id} was assigned to you`,
          body: ticket.subject,
          link: `/staff/tickets/${id}`,
        });
      }
    }
    return this.summary(id);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The ticket if the caller may see it; a customer asking for someone else's gets a 404. */
  private async findVisible(user: AuthUser, id: number): Promise<Ticket> {
    const ticket = await this.tickets.findOne({ where: { id } });
    if (!ticket || (!isStaffRole(user.role) && ticket.userId !== user.id)) {
      throw new NotFoundException(`Ticket ${id} not found`);
    }
    return ticket;
  }

  private async changeStatus(
    user: AuthUser,
    ticket: Ticket,
    status: TicketStatus,
    ip: string,
  ): Promise<void> {
    const closedAt = status === 'closed' ? new Date() : null;
    await this.tickets.update({ id: ticket.id }, { status, closedAt });
    await this.audit.record({
      action: status === 'closed' ? 'ticket.close' : 'ticket.reopen',
      actorId: user.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      details: { from: ticket.status },
    });
    Object.assign(ticket, { status, closedAt });
  }

  private summaries(): SelectQueryBuilder<Ticket> {
    return this.tickets
      .createQueryBuilder('ticket')
      .leftJoin(User, 'customer', 'customer.id = ticket.userId')
      .leftJoin(User, 'assignee', 'assignee.id = ticket.assigneeId')
      .addSelect('customer.email', 'customerEmail')
      .addSelect('assignee.email', 'assigneeEmail');
  }

  private applySearch(builder: SelectQueryBuilder<Ticket>, text: string, isStaff: boolean): void {
    const number = /^#?(\d{1,9})$/.exec(text);
    const clauses = [
      "ticket.subject LIKE :search ESCAPE '!'",
      // Customers' searches never look inside internal notes.
      `EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticketId = ticket.id AND m.body LIKE :search ESCAPE '!'${isStaff ? '' : ' AND m.isInternal = 0'})`,
    ];
    if (isStaff) clauses.push("customer.email LIKE :search ESCAPE '!'");
    if (number) clauses.push('ticket.id = :searchId');
    builder.andWhere(`(${clauses.join(' OR ')})`, {
      search: likePattern(text),
      searchId: number ? Number(number[1]) : 0,
    });
  }

  private withEmails(tickets: Ticket[], raw: Record<string, unknown>[]): TicketSummary[] {
    const emails = new Map(
      raw.map((row) => [
        Number(row['ticket_id']),
        {
          customerEmail: String(row['customerEmail'] ?? ''),
          assigneeEmail: typeof row['assigneeEmail'] === 'string' ? row['assigneeEmail'] : null,
        },
      ]),
    );
    return tickets.map((ticket) =>
      toTicketSummary(ticket, emails.get(ticket.id) ?? { customerEmail: '', assigneeEmail: null }),
    );
  }

  private async summary(id: number): Promise<TicketSummary> {
    const { entities, raw } = await this.summaries()
      .where('ticket.id = :id', { id })
      .getRawAndEntities();
    if (entities.length === 0) throw new NotFoundException(`Ticket ${id} not found`);
    return this.withEmails(entities, raw)[0];
  }

  private async detail(user: AuthUser, ticket: Ticket): Promise<TicketDetail> {
    const builder = this.messages
      .createQueryBuilder('message')
      .leftJoin(User, 'author', 'author.id = message.authorId')
      .addSelect('author.email', 'authorEmail')
      .where('message.ticketId = :ticketId', { ticketId: ticket.id })
      .orderBy('message.id', 'ASC');
    if (!isStaffRole(user.role))
      builder.andWhere('message.isInternal = :isInternal', { isInternal: 0 });
    const { entities, raw } = await builder.getRawAndEntities();
    const authorEmails = new Map(
      raw.map((row) => [Number(row['message_id']), String(row['authorEmail'] ?? '')]),
    );
    return {
      ...(await this.summary(ticket.id)),
      messages: entities.map((message) =>
        toTicketMessageView(message, authorEmails.get(message.id) ?? ''),
      ),
    };
  }

  private async storeAttachment(upload: UploadedFile): Promise<StoredAttachment> {
    const name = cleanFileName(upload.fileName);
    const verdict = judgeAttachment(name, upload.data);
    if (!verdict.isAccepted) throw new UnsupportedMediaTypeException(verdict.reason);
    const path = await this.attachments.save(upload.data);
    return { path, name, mime: verdict.mimeType, size: upload.data.length };
  }

  private attachmentColumns(attachment: StoredAttachment | null): Partial<TicketMessage> {
    return {
      attachmentPath: attachment?.path ?? null,
      attachmentName: attachment?.name ?? null,
      attachmentMime: attachment?.mime ?? null,
      attachmentSize: attachment?.size ?? null,
    };
  }

  /** Tells the other side about a message the customer can see (listeners notify and mail). */
  private announce(ticket: Ticket, author: AuthUser, body: string, isNewTicket: boolean): void {
    const event: TicketMessagePostedEvent = {
      ticketId: ticket.id,
      subject: ticket.subject,
      customerId: ticket.userId,
      assigneeId: ticket.assigneeId,
      authorId: author.id,
      authorEmail: author.email,
      isFromStaff: isStaffRole(author.role),
      isNewTicket,
      body,
    };
    this.events.emit(TICKET_MESSAGE_POSTED, event);
  }
}
