import type { Route } from '@angular/router';

/** /tickets/…: my tickets, a new ticket, and one ticket's thread. */
export const ticketsRoutes: Route[] = [
  {
    path: '',
    title: 'Tickets · Hostdeck',
    loadComponent: () => import('./ticket-list/ticket-list').then((m) => m.TicketList),
  },
  {
    path: 'new',
    title: 'New ticket · Hostdeck',
    loadComponent: () => import('./new-ticket/new-ticket').then((m) => m.NewTicket),
  },
  {
    path: ':id',
    title: 'Ticket · Hostdeck',
    data: { backLink: '/tickets' },
    loadComponent: () => import('./ticket-detail/ticket-detail').then((m) => m.TicketDetailPage),
  },
];

/** The staff queue, mounted under /staff. */
export const staffTicketsRoutes: Route[] = [
  {
    path: '',
    title: 'Ticket queue · Hostdeck',
    loadComponent: () => import('./ticket-queue/ticket-queue').then((m) => m.TicketQueue),
  },
  {
    path: ':id',
    title: 'Ticket · Hostdeck',
    data: { backLink: '/staff/tickets' },
    loadComponent: () => import('./ticket-detail/ticket-detail').then((m) => m.TicketDetailPage),
  },
];
