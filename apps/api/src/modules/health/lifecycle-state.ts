import { Injectable } from '@nestjs/common';

/** Whether this instance still takes traffic; a shutdown signal turns it to draining. */
@Injectable()
export class LifecycleState {
  private drainingSince: Date | undefined;

  get isDraining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** From now on readiness answers 503, so load balancers stop sending new requests here. */
  beginDrain(): void {
    this.drainingSince ??= new Date();
  }
}
