import type {
  AdjustBalanceResponse,
  AuditLogPage,
  AuditLogQuery,
  CatalogRemoval,
  CheckPage,
  CheckStatus,
  CheckView,
  ListUsersQuery,
  OperatingSystemView,
  OperationAccepted,
  OutboxListQuery,
  OutboxMailDetail,
  OutboxMailSummary,
  OutboxPage,
  ServerListQuery,
  ServerView,
  TariffView,
  UpsertOperatingSystemRequest,
  UpsertTariffRequest,
  UserPage,
  UserRole,
  UserView,
} from '@hostdeck/contracts';
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { inlineErrorsContext } from '../../../core/http/request-context';

const ADMIN = '/api/admin';

/** Query parameters without the unset ones. */
export function queryParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}

/**
 * The staff and admin routes. Every call renders its errors where it was made (inline states or
 * toasts from the stores), so the interceptor adds no second toast.
 */
@Injectable({ providedIn: 'root' })
export class StaffApi {
  private readonly http = inject(HttpClient);
  private readonly context = inlineErrorsContext;

  // Payment checks (support and admin)
  listChecks(query: { status?: CheckStatus; page?: number; pageSize?: number }): Observable<CheckPage> {
    return this.http.get<CheckPage>(`${ADMIN}/checks`, {
      params: queryParams(query),
      context: this.context(),
    });
  }

  receipt(id: number): Observable<Blob> {
    return this.http.get(`${ADMIN}/checks/${id}/file`, {
      responseType: 'blob',
      context: this.context(),
    });
  }

  approveCheck(id: number, amountMinor?: number): Observable<CheckView> {
    return this.http.post<CheckView>(
      `${ADMIN}/checks/${id}/approve`,
      amountMinor === undefined ? {} : { amountMinor },
      { context: this.context() },
    );
  }

  rejectCheck(id: number, reason: string): Observable<CheckView> {
    return this.http.post<CheckView>(
      `${ADMIN}/checks/${id}/reject`,
      { reason },
      { context: this.context() },
    );
  }

  // Users (list: staff; role and balance: admin)
  listUsers(query: ListUsersQuery): Observable<UserPage> {
    return this.http.get<UserPage>(`${ADMIN}/users`, {
      params: queryParams(query),
      context: this.context(),
    });
  }

  changeRole(id: number, role: UserRole): Observable<UserView> {
    return this.http.patch<UserView>(`${ADMIN}/users/${id}/role`, { role }, { context: this.context() });
  }

  adjustBalance(id: number, amountMinor: number, reason: string): Observable<AdjustBalanceResponse> {
    return this.http.post<AdjustBalanceResponse>(
      `${ADMIN}/users/${id}/balance`,
      { amountMinor, reason },
      { context: this.context() },
    );
  }

  // Every server (staff), suspension (admin)
  listServers(query: ServerListQuery): Observable<ServerView[]> {
    return this.http.get<ServerView[]>('/api/server', {
      params: queryParams(query),
      context: this.context(),
    });
  }

  suspendServer(id: number): Observable<OperationAccepted> {
    return this.http.post<OperationAccepted>(`/api/server/${id}/suspend`, null, {
      context: this.context(),
    });
  }

  unsuspendServer(id: number): Observable<OperationAccepted> {
    return this.http.post<OperationAccepted>(`/api/server/${id}/unsuspend`, null, {
      context: this.context(),
    });
  }

  // Catalog (admin)
  listTariffs(): Observable<TariffView[]> {
    return this.http.get<TariffView[]>(`${ADMIN}/tariffs`, { context: this.context() });
  }

  createTariff(body: UpsertTariffRequest): Observable<TariffView> {
    return this.http.post<TariffView>(`${ADMIN}/tariffs`, body, { context: this.context() });
  }

  updateTariff(id: number, body: Partial<UpsertTariffRequest>): Observable<TariffView> {
    return this.http.patch<TariffView>(`${ADMIN}/tariffs/${id}`, body, { context: this.context() });
  }

  removeTariff(id: number): Observable<CatalogRemoval> {
    return this.http.delete<CatalogRemoval>(`${ADMIN}/tariffs/${id}`, { context: this.context() });
  }

  listOperatingSystems(): Observable<OperatingSystemView[]> {
    return this.http.get<OperatingSystemView[]>(`${ADMIN}/os`, { context: this.context() });
  }

  createOperatingSystem(body: UpsertOperatingSystemRequest): Observable<OperatingSystemView> {
    return this.http.post<OperatingSystemView>(`${ADMIN}/os`, body, { context: this.context() });
  }

  updateOperatingSystem(
    id: number,
    body: Partial<UpsertOperatingSystemRequest>,
  ): Observable<OperatingSystemView> {
    return this.http.patch<OperatingSystemView>(`${ADMIN}/os/${id}`, body, {
      context: this.context(),
    });
  }

  removeOperatingSystem(id: number): Observable<CatalogRemoval> {
    return this.http.delete<CatalogRemoval>(`${ADMIN}/os/${id}`, { context: this.context() });
  }

  // Mail outbox and audit log (admin)
  listOutbox(query: OutboxListQuery): Observable<OutboxPage> {
    return this.http.get<OutboxPage>(`${ADMIN}/outbox`, {
      params: queryParams(query),
      context: this.context(),
    });
  }

  getOutboxMail(id: number): Observable<OutboxMailDetail> {
    return this.http.get<OutboxMailDetail>(`${ADMIN}/outbox/${id}`, { context: this.context() });
  }

  resendMail(id: number): Observable<OutboxMailSummary> {
    return this.http.post<OutboxMailSummary>(`${ADMIN}/outbox/${id}/resend`, null, {
      context: this.context(),
    });
  }

  listAudit(query: AuditLogQuery): Observable<AuditLogPage> {
    return this.http.get<AuditLogPage>(`${ADMIN}/audit`, {
      params: queryParams(query),
      context: this.context(),
    });
  }
}
