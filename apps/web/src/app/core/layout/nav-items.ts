import type { UserRole } from '@hostdeck/contracts';

import type { AppIconName } from '../icons/app-icons';

export interface NavItem {
  readonly label: string;
  readonly path: string;
  readonly icon: AppIconName;
  readonly exact: boolean;
  /** Who sees the entry; the routes are guarded with the same roles (roleGuard). */
  readonly roles: readonly UserRole[];
  /** Main entries, or the staff tools listed under their own heading. */
  readonly group: 'main' | 'staff';
}

const EVERYONE: readonly UserRole[] = ['customer', 'support', 'admin'];
export const STAFF_ROLES: readonly UserRole[] = ['support', 'admin'];
export const ADMIN_ROLES: readonly UserRole[] = ['admin'];

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Servers', path: '/', icon: 'servers', exact: true, roles: EVERYONE, group: 'main' },
  {
    label: 'Billing',
    path: '/billing',
    icon: 'billing',
    exact: false,
    roles: EVERYONE,
    group: 'main',
  },
  {
    label: 'Tickets',
    path: '/tickets',
    icon: 'tickets',
    exact: false,
    roles: EVERYONE,
    group: 'main',
  },
  { label: 'Staff', path: '/staff', icon: 'staff', exact: true, roles: STAFF_ROLES, group: 'main' },
  {
    label: 'Ticket queue',
    path: '/staff/tickets',
    icon: 'tickets',
    exact: false,
    roles: STAFF_ROLES,
    group: 'staff',
  },
  {
    label: 'Payment checks',
    path: '/staff/checks',
    icon: 'receipt',
    exact: false,
    roles: STAFF_ROLES,
    group: 'staff',
  },
  {
    label: 'Users',
    path: '/staff/users',
    icon: 'people',
    exact: false,
    roles: STAFF_ROLES,
    group: 'staff',
  },
  {
    label: 'All servers',
    path: '/staff/servers',
    icon: 'dns',
    exact: false,
    roles: STAFF_ROLES,
    group: 'staff',
  },
  {
    label: 'Tariffs',
    path: '/staff/tariffs',
    icon: 'sell',
    exact: false,
    roles: ADMIN_ROLES,
    group: 'staff',
  },
  {
    label: 'Operating systems',
    path: '/staff/os',
    icon: 'layers',
    exact: false,
    roles: ADMIN_ROLES,
    group: 'staff',
  },
  {
    label: 'Mail outbox',
    path: '/staff/outbox',
    icon: 'mail',
    exact: false,
    roles: ADMIN_ROLES,
    group: 'staff',
  },
  {
    label: 'Audit log',
    path: '/staff/audit',
    icon: 'list',
    exact: false,
    roles: ADMIN_ROLES,
    group: 'staff',
  },
];

/** The entries a role may see, in menu order; none without a role. */
export function navItemsFor(role: UserRole | null, group?: NavItem['group']): NavItem[] {
  if (role === null) return [];
  return NAV_ITEMS.filter(
    (item) => item.roles.includes(role) && (group === undefined || item.group === group),
  );
}

/** A stable test id for an entry: `nav-billing`, `nav-payment-checks`. */
export function navTestId(item: NavItem): string {
  return `nav-${item.label.toLowerCase().replace(/\s+/g, '-')}`;
}
