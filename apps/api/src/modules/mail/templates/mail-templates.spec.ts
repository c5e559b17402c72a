import { MAIL_TEMPLATES } from '@hostdeck/contracts';

import { formatMinor, MAIL_TEMPLATE_SET, MailTemplateData, renderMail } from './mail-templates';

const SAMPLES: MailTemplateData = {
  welcome: { email: 'a@example.com' },
  'password-changed': { email: 'a@example.com', ip: '203.0.113.9' },
  'server-created': { serverId: 4, hostname: 'web1', ipAddress: '10.0.0.4' },
  'server-failed': { serverId: 4, hostname: 'web1', reason: 'storage full' },
  'server-deleted': { serverId: 4, hostname: 'web1' },
  'server-suspended': { serverId: 4, hostname: 'web1', reason: 'the balance is empty' },
  'server-resumed': { serverId: 4, hostname: 'web1' },
  'deletion-warning': { serverId: 4, hostname: 'web1', deleteOn: '2026-12-01' },
  'resource-alert': {
    serverId: 4,
    hostname: 'web1',
    resource: 'memory',
    valuePercent: 95.27,
    thresholdPercent: 90,
  },
  'resource-recovered': { serverId: 4, hostname: 'web1', resource: 'disk', valuePercent: 40 },
  'payment-reminder': { balanceMinor: 250, dailyChargeMinor: 100, daysLeft: 2 },
  'check-approved': { checkId: 1, amountMinor: 5000, balanceMinor: 5250 },
  'check-rejected': { checkId: 1, amountMinor: 5000, reason: 'blurry' },
  'ticket-opened': { ticketId: 3, subject: 'Help', customerEmail: 'a@example.com', excerpt: 'Hi' },
  'ticket-reply': {
    ticketId: 3,
    subject: 'Help',
    authorLabel: 'Support',
    excerpt: 'Hello',
    isForStaff: false,
  },
};

const render = <T extends keyof MailTemplateData>(name: T, data: MailTemplateData[T]) =>
  renderMail(name, data, { panelUrl: 'https://panel.example.com' });

describe('mail templates', () => {
  it('has a template for every name in the contracts', () => {
    expect(Object.keys(MAIL_TEMPLATE_SET).sort()).toEqual([...MAIL_TEMPLATES].sort());
  });

  it.each([...MAIL_TEMPLATES])(
    'renders %s with a subject, a text part and an HTML part',
    (name) => {
      const mail = render(name, SAMPLES[name] as never);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.text).toContain('Hostdeck');
      expect(mail.text).not.toContain('<');
      expect(mail.html).toMatch(/^<!doctype html>/);
      expect(mail.html).toContain('https://panel.example.com');
    },
  );

  it('escapes every value in the HTML part, keeps the text part verbatim', () => {
    const mail = render('ticket-reply', {
      ticketId: 1,
      subject: '<img src=x onerror=alert(1)>',
      authorLabel: 'Support',
      excerpt: 'a & b\n<script>x</script>',
      isForStaff: false,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('a &amp; b<br>&lt;script&gt;x&lt;/script&gt;');
    expect(mail.text).toContain('> a & b\n> <script>x</script>');
  });

  it('keeps header values on one line', () => {
    const mail = render('ticket-opened', {
      ticketId: 1,
      subject: 'Hi\r\nBcc: victim@example.com',
      customerEmail: 'a@example.com',
      excerpt: 'x',
    });
    expect(mail.subject).toBe('[Ticket #1] New: Hi Bcc: victim@example.com');
  });

  it('shows the IP of a new server but never asks for or carries a password', () => {
    const mail = render('server-created', SAMPLES['server-created']);
    expect(mail.text).toContain('IP address: 10.0.0.4');
    expect(mail.text).toContain('never sent by email');
  });

  it('marks alerts and ticket mail optional, billing and lifecycle mail essential', () => {
    expect(render('resource-alert', SAMPLES['resource-alert']).isEssential).toBe(false);
    expect(render('ticket-reply', SAMPLES['ticket-reply']).isEssential).toBe(false);
    expect(render('server-suspended', SAMPLES['server-suspended']).isEssential).toBe(true);
    expect(render('payment-reminder', SAMPLES['payment-reminder']).isEssential).toBe(true);
  });

  it('formats minor units without floating point', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(123456)).toBe('1234.56');
    expect(formatMinor(-1999)).toBe('-19.99');
  });
});
