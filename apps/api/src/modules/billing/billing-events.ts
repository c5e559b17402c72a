/** In-process event: a user's balance went up (top-up, adjustment, refund); suspended servers may resume. */
export const BALANCE_CREDITED = 'billing.balance-credited';

export interface BalanceCreditedEvent {
  userId: number;
}
