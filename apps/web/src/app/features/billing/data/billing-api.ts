import {
  type BalanceView,
  type CheckView,
  RECEIPT_FIELD,
  type TransactionPage,
} from '@hostdeck/contracts';
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { inlineErrorsContext } from '../../../core/http/request-context';

const BILLING = '/api/billing';

@Injectable({ providedIn: 'root' })
export class BillingApi {
  private readonly http = inject(HttpClient);

  balance(): Observable<BalanceView> {
    return this.http.get<BalanceView>(`${BILLING}/balance`, { context: inlineErrorsContext() });
  }

  transactions(page: number, pageSize: number): Observable<TransactionPage> {
    return this.http.get<TransactionPage>(`${BILLING}/transactions`, {
      params: new HttpParams().set('page', page).set('pageSize', pageSize),
      context: inlineErrorsContext(),
    });
  }

  /** My payment checks, newest first. */
  myChecks(): Observable<CheckView[]> {
    return this.http.get<CheckView[]>(`${BILLING}/checks`, { context: inlineErrorsContext() });
  }

  /** Uploads a receipt as multipart/form-data (`amountMinor` and the `receipt` file). */
  submitCheck(amountMinor: number, receipt: File): Observable<CheckView> {
    const form = new FormData();
    form.append('amountMinor', String(amountMinor));
    form.append(RECEIPT_FIELD, receipt, receipt.name);
    return this.http.post<CheckView>(`${BILLING}/checks`, form, {
      context: inlineErrorsContext(),
    });
  }
}
