import {
  type CreateTicketRequest,
  TICKET_ATTACHMENT_FIELD,
  type TicketDetail,
  type TicketListQuery,
  type TicketPage,
  type TicketReplyRequest,
  type TicketSummary,
  type UpdateTicketRequest,
} from '@hostdeck/contracts';
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import { inlineErrorsContext } from '../../../core/http/request-context';

const TICKETS = '/api/tickets';

/** Query parameters without the unset ones. */
export function ticketListParams(query: TicketListQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}

@Injectable({ providedIn: 'root' })
export class TicketsApi {
  private readonly http = inject(HttpClient);

  list(query: TicketListQuery): Observable<TicketPage> {
    return this.http.get<TicketPage>(TICKETS, {
      params: ticketListParams(query),
      context: inlineErrorsContext(),
    });
  }

  get(id: number): Observable<TicketDetail> {
    return this.http.get<TicketDetail>(`${TICKETS}/${id}`, { context: inlineErrorsContext() });
  }

  create(body: CreateTicketRequest): Observable<TicketDetail> {
    return this.http.post<TicketDetail>(TICKETS, body, { context: inlineErrorsContext() });
  }

  /** JSON, or multipart/form-data with the same fields when a file is attached. */
  reply(id: number, body: TicketReplyRequest, attachment?: File | null): Observable<TicketDetail> {
    let payload: TicketReplyRequest | FormData = body;
    if (attachment) {
      const form = new FormData();
      form.append('body', body.body);
      if (body.isInternal) form.append('isInternal', 'true');
      form.append(TICKET_ATTACHMENT_FIELD, attachment, attachment.name);
      payload = form;
    }
    return this.http.post<TicketDetail>(`${TICKETS}/${id}/messages`, payload, {
      context: inlineErrorsContext(),
    });
  }

  close(id: number): Observable<TicketSummary> {
    return this.http.post<TicketSummary>(`${TICKETS}/${id}/close`, null, {
      context: inlineErrorsContext(),
    });
  }

  reopen(id: number): Observable<TicketSummary> {
    return this.http.post<TicketSummary>(`${TICKETS}/${id}/reopen`, null, {
      context: inlineErrorsContext(),
    });
  }

  update(id: number, body: UpdateTicketRequest): Observable<TicketSummary> {
    return this.http.patch<TicketSummary>(`${TICKETS}/${id}`, body, {
      context: inlineErrorsContext(),
    });
  }

  assign(id: number, assigneeId: number | null): Observable<TicketSummary> {
    return this.http.post<TicketSummary>(
      `${TICKETS}/${id}/assign`,
      { assigneeId },
      { context: inlineErrorsContext() },
    );
  }

  /** An attachment as a file (the download needs the bearer token, so no plain link). */
  download(url: string): Observable<Blob> {
    return this.http.get(url, { responseType: 'blob', context: inlineErrorsContext() });
  }
}
