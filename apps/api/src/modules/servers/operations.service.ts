import type { OperationType } from '@hostdeck/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';

import { UnitOfWork } from '../../database/unit-of-work';
import { Operation } from './entities/operation.entity';
import { Server } from './entities/server.entity';

/** Operation rows and each server's single operation slot. */
@Injectable()
export class OperationsService {
  constructor(
    @InjectRepository(Operation) private readonly operations: Repository<Operation>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Records an operation and takes the server's slot in one transaction. The conditional update
   * makes two concurrent requests race safely: one gets the slot, the other a 409.
   */
  claim(
    serverId: number,
    userId: number | null,
    type: OperationType,
    payload?: object,
  ): Promise<Operation> {
    return this.unitOfWork.run((manager) =>
      this.claimWithin(manager, serverId, userId, type, payload),
    );
  }

  async claimWithin(
    manager: EntityManager,
    serverId: number,
    userId: number | null,
    type: OperationType,
    payload?: object,
  ): Promise<Operation> {
    // Lock the server row first (FOR UPDATE on MariaDB): the operation's foreign key would
    // otherwise take a shared lock that two concurrent claims turn into a deadlock.
    const isMysql = manager.connection.options.type === 'mysql';
    const server = await manager.findOne(Server, {
      where: { id: serverId },
      ...(isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (server?.activeOperationId) {
      throw new ConflictException(
        'Another operation is already running on this server; wait for it to finish',
      );
    }
    const operation = await manager.save(
      manager.create(Operation, {
        serverId,
        userId,
        type,
        state: 'pending',
        upid: null,
        error: null,
        payload: payload ? JSON.stringify(payload) : null,
        finishedAt: null,
      }),
    );
    const taken = await manager.update(
      Server,
      { id: serverId, activeOperationId: IsNull() },
      { activeOperationId: operation.id },
    );
    if (taken.affected !== 1) {
      throw new ConflictException(
        'Another operation is already running on this server; wait for it to finish',
      );
    }
    return operation;
  }

  async markRunning(operation: Operation, upid?: string): Promise<void> {
    operation.state = 'running';
    if (upid) operation.upid = upid;
    await this.operations.update(
      { id: operation.id },
      { state: 'running', ...(upid ? { upid } : {}) },
    );
  }

  async recordUpid(operation: Operation, upid: string): Promise<void> {
    operation.upid = upid;
    await this.operations.update({ id: operation.id }, { upid });
  }

  /** Ends the operation and frees the server's slot together. */
  async finish(operation: Operation, error?: string, manager?: EntityManager): Promise<void> {
    const work = async (m: EntityManager) => {
      operation.state = error ? 'failed' : 'succeeded';
      operation.error = error ?? null;
      operation.finishedAt = new Date();
      await m.update(
        Operation,
        { id: operation.id },
        { state: operation.state, error: operation.error, finishedAt: operation.finishedAt },
      );
      await m.update(
        Server,
        { id: operation.serverId, activeOperationId: operation.id },
        { activeOperationId: null },
      );
    };
    if (manager) await work(manager);
    else await this.unitOfWork.run(work);
  }

  findById(id: number): Promise<Operation | null> {
    return this.operations.findOne({ where: { id } });
  }

  findByIds(ids: number[]): Promise<Operation[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.operations.find({ where: { id: In(ids) } });
  }

  /** The newest operation of each server. */
  async latestFor(serverIds: number[]): Promise<Operation[]> {
    if (serverIds.length === 0) return [];
    return this.operations
      .createQueryBuilder('operation')
      .where((query) => {
        const latest = query
          .subQuery()
          .select('MAX(inner.id)')
          .from(Operation, 'inner')
          .where('inner.serverId IN (:...serverIds)', { serverIds })
          .groupBy('inner.serverId')
          .getQuery();
        return `operation.id IN ${latest}`;
      })
      .getMany();
  }

  listUnfinished(): Promise<Operation[]> {
    return this.operations.find({
      where: { state: In(['pending', 'running']) },
      order: { id: 'ASC' },
    });
  }

  listForServer(serverId: number, limit = 20): Promise<Operation[]> {
    return this.operations.find({ where: { serverId }, order: { id: 'DESC' }, take: limit });
  }
}
