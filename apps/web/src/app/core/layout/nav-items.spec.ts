import { navItemsFor, navTestId } from './nav-items';

describe('navItemsFor', () => {
  const labels = (items: { label: string }[]): string[] => items.map((item) => item.label);

  it('gives nothing without a signed-in user', () => {
    expect(navItemsFor(null)).toEqual([]);
  });

  it('gives customers their own pages only', () => {
    expect(labels(navItemsFor('customer'))).toEqual(['Servers', 'Billing', 'Tickets']);
    expect(navItemsFor('customer', 'staff')).toEqual([]);
  });

  it('gives support the staff tools that are not admin-only', () => {
    expect(labels(navItemsFor('support', 'staff'))).toEqual([
      'Ticket queue',
      'Payment checks',
      'Users',
      'All servers',
    ]);
  });

  it('gives admins every tool, each under /staff', () => {
    const staff = navItemsFor('admin', 'staff');
    expect(labels(staff)).toEqual([
      'Ticket queue',
      'Payment checks',
      'Users',
      'All servers',
      'Tariffs',
      'Operating systems',
      'Mail outbox',
      'Audit log',
    ]);
    expect(staff.every((item) => item.path.startsWith('/staff/'))).toBe(true);
    expect(labels(navItemsFor('admin', 'main'))).toEqual([
      'Servers',
      'Billing',
      'Tickets',
      'Staff',
    ]);
  });

  it('derives stable test ids from the labels', () => {
    const [checks] = navItemsFor('admin', 'staff').filter((item) => item.path === '/staff/checks');
    expect(checks && navTestId(checks)).toBe('nav-payment-checks');
  });
});
