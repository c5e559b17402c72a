import type {
  MarkAllNotificationsReadResponse,
  NotificationPage,
  NotificationView,
  UnreadNotificationCount,
} from '@hostdeck/contracts';
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { inlineErrorsContext } from '../http/request-context';

const NOTIFICATIONS = '/api/notifications';

@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(pageSize: number): Observable<NotificationPage> {
    return this.http.get<NotificationPage>(NOTIFICATIONS, {
      params: new HttpParams().set('pageSize', pageSize),
      context: inlineErrorsContext(),
    });
  }

  unreadCount(): Observable<UnreadNotificationCount> {
    return this.http.get<UnreadNotificationCount>(`${NOTIFICATIONS}/unread-count`, {
      context: inlineErrorsContext(),
    });
  }

  markRead(id: number): Observable<NotificationView> {
    return this.http.post<NotificationView>(`${NOTIFICATIONS}/${id}/read`, null, {
      context: inlineErrorsContext(),
    });
  }

  markAllRead(): Observable<MarkAllNotificationsReadResponse> {
    return this.http.post<MarkAllNotificationsReadResponse>(`${NOTIFICATIONS}/read-all`, null, {
      context: inlineErrorsContext(),
    });
  }
}
