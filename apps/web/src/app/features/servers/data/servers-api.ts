import {
  API_ROUTES,
  type ActiveAlert,
  type ConsoleSessionResponse,
  type CreateServerRequest,
  type CreateServerResponse,
  type CreateSnapshotRequest,
  type HistoryRange,
  type MetricHistory,
  type OperatingSystemView,
  type OperationAccepted,
  type PasswordResetResponse,
  type ResizeServerRequest,
  type ResizeServerResponse,
  type ServerLiveStatus,
  type ServerView,
  type SnapshotView,
  type TariffView,
} from '@hostdeck/contracts';
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { inlineErrorsContext } from '../../../core/http/request-context';

/** The seed's server routes (SPEC §4), relative to the same origin. */
const SERVER = '/api/server';

export type PowerAction = 'start' | 'stop' | 'restart';

/**
 * HTTP calls of the servers feature. Every call renders its errors where it was made (the
 * stores turn them into inline states or toasts), so the interceptor adds no second toast.
 */
@Injectable({ providedIn: 'root' })
export class ServersApi {
  private readonly http = inject(HttpClient);

  listServers(): Observable<ServerView[]> {
    return this.http.get<ServerView[]>(SERVER, { context: inlineErrorsContext() });
  }

  getServer(id: number): Observable<ServerView> {
    return this.http.get<ServerView>(`${SERVER}/${id}`, { context: inlineErrorsContext() });
  }

  getLiveStatus(id: number): Observable<ServerLiveStatus> {
    return this.http.get<ServerLiveStatus>(`${SERVER}/${id}/status`, {
      context: inlineErrorsContext(),
    });
  }

  getStatsHistory(id: number, range: HistoryRange): Observable<MetricHistory> {
    return this.http.get<MetricHistory>(`${SERVER}/${id}/stats/history`, {
      params: new HttpParams().set('range', range),
      context: inlineErrorsContext(),
    });
  }

  /** The resource alerts firing now (the Stats tab, before the next `server-alerts`). */
  listAlerts(id: number): Observable<ActiveAlert[]> {
    return this.http.get<ActiveAlert[]>(`${SERVER}/${id}/alerts`, {
      context: inlineErrorsContext(),
    });
  }

  createServer(body: CreateServerRequest): Observable<CreateServerResponse> {
    return this.http.post<CreateServerResponse>(`${SERVER}/create`, body, {
      context: inlineErrorsContext(),
    });
  }

  /** start, stop (optionally forced: no graceful shutdown) or restart. */
  changePower(id: number, action: PowerAction, force = false): Observable<OperationAccepted> {
    const params = action === 'stop' && force ? new HttpParams().set('force', 'true') : undefined;
    return this.http.post<OperationAccepted>(`${SERVER}/${id}/${action}`, null, {
      params,
      context: inlineErrorsContext(),
    });
  }

  resizeServer(id: number, body: ResizeServerRequest): Observable<ResizeServerResponse> {
    return this.http.put<ResizeServerResponse>(`${SERVER}/${id}/resize`, body, {
      context: inlineErrorsContext(),
    });
  }

  listSnapshots(id: number): Observable<SnapshotView[]> {
    return this.http.get<SnapshotView[]>(`${SERVER}/${id}/snapshots`, {
      context: inlineErrorsContext(),
    });
  }

  createSnapshot(id: number, body: CreateSnapshotRequest): Observable<OperationAccepted> {
    return this.http.post<OperationAccepted>(`${SERVER}/${id}/snapshots`, body, {
      context: inlineErrorsContext(),
    });
  }

  rollbackSnapshot(id: number, name: string): Observable<OperationAccepted> {
    return this.http.post<OperationAccepted>(
      `${SERVER}/${id}/snapshots/rollback`,
      { name },
      { context: inlineErrorsContext() },
    );
  }

  deleteSnapshot(id: number, name: string): Observable<OperationAccepted> {
    return this.http.delete<OperationAccepted>(`${SERVER}/${id}/snapshots`, {
      params: new HttpParams().set('name', name),
      context: inlineErrorsContext(),
    });
  }

  resetRootPassword(id: number): Observable<PasswordResetResponse> {
    return this.http.post<PasswordResetResponse>(`${SERVER}/${id}/password`, null, {
      context: inlineErrorsContext(),
    });
  }

  openConsole(serverId: number): Observable<ConsoleSessionResponse> {
    return this.http.post<ConsoleSessionResponse>(
      `${SERVER}/console`,
      { serverId },
      { context: inlineErrorsContext() },
    );
  }

  deleteServer(id: number): Observable<OperationAccepted> {
    return this.http.delete<OperationAccepted>(`${SERVER}/${id}`, {
      context: inlineErrorsContext(),
    });
  }

  listTariffs(): Observable<TariffView[]> {
    return this.http.get<TariffView[]>(API_ROUTES.tariffs, { context: inlineErrorsContext() });
  }

  listOperatingSystems(): Observable<OperatingSystemView[]> {
    return this.http.get<OperatingSystemView[]>(API_ROUTES.operatingSystems, {
      context: inlineErrorsContext(),
    });
  }
}
