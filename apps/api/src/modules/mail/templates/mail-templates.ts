import type { AlertResource, MailTemplateName } from '@hostdeck/contracts';

/** What each template needs; callers pass exactly this (checked at compile time). */
export interface MailTemplateData {
  welcome: { email: string };
  /** ip: where the change came from, so the owner can tell whether it was them. */
  'password-changed': { email: string; ip: string };
  'server-created': { serverId: number; hostname: string; ipAddress: string | null };
  'server-failed': { serverId: number; hostname: string; reason: string };
  'server-deleted': { serverId: number; hostname: string };
  'server-suspended': { serverId: number; hostname: string; reason: string };
  'server-resumed': { serverId: number; hostname: string };
  /** deleteOn: the day (YYYY-MM-DD) the unpaid server will be deleted. */
  'deletion-warning': { serverId: number; hostname: string; deleteOn: string };
  'resource-alert': {
    serverId: number;
    hostname: string;
    resource: AlertResource;
    valuePercent: number;
    thresholdPercent: number;
  };
  'resource-recovered': {
    serverId: number;
    hostname: string;
    resource: AlertResource;
    valuePercent: number;
  };
  'payment-reminder': { balanceMinor: number; dailyChargeMinor: number; daysLeft: number };
  'check-approved': { checkId: number; amountMinor: number; balanceMinor: number };
  'check-rejected': { checkId: number; amountMinor: number; reason: string };
  'ticket-opened': { ticketId: number; subject: string; customerEmail: string; excerpt: string };
  'ticket-reply': {
    ticketId: number;
    subject: string;
    /** Who wrote: "Support" for a customer, the customer's email for staff. */
    authorLabel: string;
    excerpt: string;
    /** The link goes to the staff queue instead of the customer's ticket page. */
    isForStaff: boolean;
  };
}

/** A template's words; the layout turns them into the HTML and plain-text parts. */
export interface MailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** Label/value rows, e.g. the IP address. */
  details?: [string, string][];
  /** Quoted text (a ticket message), kept verbatim with its line breaks. */
  quote?: string;
  action?: { label: string; path: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Essential mail is sent even to users who turned optional mail off. */
  isEssential: boolean;
}

interface TemplateDefinition<T> {
  isEssential: boolean;
  compose(data: T): MailContent;
}

type TemplateSet = { [K in MailTemplateName]: TemplateDefinition<MailTemplateData[K]> };

const RESOURCE_LABEL: Record<AlertResource, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
};

/** Minor units as a decimal amount: 1234 → "12.34", -5 → "-0.05" (no floats involved). */
export function formatMinor(amountMinor: number): string {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(amountMinor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const percent = (value: number) => `${value.toFixed(1)}%`;

export const MAIL_TEMPLATE_SET: TemplateSet = {
  welcome: {
    isEssential: true,
    compose: ({ email }) => ({
      subject: 'Welcome to Hostdeck',
      heading: 'Welcome to Hostdeck',
      paragraphs: [
        `Your account ${email} is ready.`,
        'Top up your balance, pick a tariff and your first server is running in a minute.',
      ],
      action: { label: 'Open the panel', path: '/' },
    }),
  },
  'password-changed': {
    isEssential: true,
    compose: ({ email, ip }) => ({
      subject: 'Your Hostdeck password was changed',
      heading: 'Your password was changed',
      paragraphs: [
        `The password of your account ${email} was just changed, and every other session was signed out.`,
        'If this was not you, open a ticket or write to support at once: someone may have your old password.',
      ],
      details: [['From IP address', ip]],
      action: { label: 'Open the panel', path: '/account' },
    }),
  },
  'server-created': {
    isEssential: true,
    compose: ({ serverId, hostname, ipAddress }) => ({
      subject: `Your server ${hostname} is ready`,
      heading: `${hostname} is ready`,
      paragraphs: [
        'Your new server has been created and started.',
        'The root password was shown once in the panel when you created the server; it is never sent by email. You can set a new one on the Security tab.',
      ],
      details: [
        ['Hostname', hostname],
        ['IP address', ipAddress ?? 'being assigned, see the panel'],
      ],
      action: { label: 'Open the server', path: `/servers/${serverId}` },
    }),
  },
  'server-failed': {
    isEssential: true,
    compose: ({ serverId, hostname, reason }) => ({
      subject: `Problem with your server ${hostname}`,
      heading: `${hostname}: an operation failed`,
      paragraphs: [
        'An operation on your server did not complete. If a new server could not be created, its first charge has been refunded.',
        `Reason: ${reason}`,
        'Open a ticket if the problem persists.',
      ],
      action: { label: 'Open the server', path: `/servers/${serverId}` },
    }),
  },
  'server-deleted': {
    isEssential: true,
    compose: ({ hostname }) => ({
      subject: `Your server ${hostname} was deleted`,
      heading: `${hostname} was deleted`,
      paragraphs: ['The server and its disk have been removed. Daily charges for it have stopped.'],
      action: { label: 'Open the panel', path: '/' },
    }),
  },
  'server-suspended': {
    isEssential: true,
    compose: ({ serverId, hostname, reason }) => ({
      subject: `Your server ${hostname} was suspended`,
      heading: `${hostname} is suspended`,
      paragraphs: [
        `The server has been stopped: ${reason}`,
        'It starts again as soon as your balance covers it.',
      ],
      action: { label: 'Top up your balance', path: `/billing?server=${serverId}` },
    }),
  },
  'server-resumed': {
    isEssential: true,
    compose: ({ serverId, hostname }) => ({
      subject: `Your server ${hostname} is running again`,
      heading: `${hostname} is running again`,
      paragraphs: ['Thank you for your payment: the server has been resumed.'],
      action: { label: 'Open the server', path: `/servers/${serverId}` },
    }),
  },
  'deletion-warning': {
    isEssential: true,
    compose: ({ serverId, hostname, deleteOn }) => ({
      subject: `${hostname} will be deleted on ${deleteOn}`,
      heading: `${hostname} will be deleted on ${deleteOn}`,
      paragraphs: [
        'The server is suspended for non-payment. Unless your balance covers it by then, the server and all its data will be deleted for good.',
      ],
      action: { label: 'Top up your balance', path: `/billing?server=${serverId}` },
    }),
  },
  'resource-alert': {
    isEssential: false,
    compose: ({ serverId, hostname, resource, valuePercent, thresholdPercent }) => ({
      subject: `${RESOURCE_LABEL[resource]} above ${thresholdPercent}% on ${hostname}`,
      heading: `${RESOURCE_LABEL[resource]} usage is high on ${hostname}`,
      paragraphs: [
        `${RESOURCE_LABEL[resource]} usage is ${percent(valuePercent)}, above the ${thresholdPercent}% threshold.`,
        'We will tell you again when it is back to normal.',
      ],
      details: [
        ['Server', hostname],
        ['Resource', RESOURCE_LABEL[resource]],
        ['Usage', percent(valuePercent)],
      ],
      action: { label: 'See the live stats', path: `/servers/${serverId}/stats` },
    }),
  },
  'resource-recovered': {
    isEssential: false,
    compose: ({ serverId, hostname, resource, valuePercent }) => ({
      subject: `${RESOURCE_LABEL[resource]} back to normal on ${hostname}`,
      heading: `${RESOURCE_LABEL[resource]} usage is back to normal on ${hostname}`,
      paragraphs: [`${RESOURCE_LABEL[resource]} usage is down to ${percent(valuePercent)}.`],
      action: { label: 'See the live stats', path: `/servers/${serverId}/stats` },
    }),
  },
  'payment-reminder': {
    isEssential: true,
    compose: ({ balanceMinor, dailyChargeMinor, daysLeft }) => ({
      subject:
        daysLeft <= 0
          ? 'Your balance does not cover tomorrow'
          : `Your balance covers ${daysLeft} more day${daysLeft === 1 ? '' : 's'}`,
      heading: 'Time to top up',
      paragraphs: [
        `Your servers cost ${formatMinor(dailyChargeMinor)} a day and your balance is ${formatMinor(balanceMinor)}.`,
        'Servers the balance cannot pay for are suspended.',
      ],
      action: { label: 'Top up your balance', path: '/billing' },
    }),
  },
  'check-approved': {
    isEssential: true,
    compose: ({ amountMinor, balanceMinor }) => ({
      subject: `Payment of ${formatMinor(amountMinor)} approved`,
      heading: 'Your payment was approved',
      paragraphs: [
        `${formatMinor(amountMinor)} has been added to your balance, which is now ${formatMinor(balanceMinor)}.`,
      ],
      action: { label: 'See your balance', path: '/billing' },
    }),
  },
  'check-rejected': {
    isEssential: true,
    compose: ({ amountMinor, reason }) => ({
      subject: `Payment of ${formatMinor(amountMinor)} rejected`,
      heading: 'Your payment could not be confirmed',
      paragraphs: [`Reason: ${reason}`, 'Upload a clearer receipt or open a ticket.'],
      action: { label: 'Open billing', path: '/billing' },
    }),
  },
  'ticket-opened': {
    isEssential: false,
    compose: ({ ticketId, subject, customerEmail, excerpt }) => ({
      subject: `[Ticket #${ticketId}] New: ${subject}`,
      heading: `New ticket #${ticketId}: ${subject}`,
      paragraphs: [`${customerEmail} opened a ticket:`],
      quote: excerpt,
      action: { label: 'Open the ticket', path: `/staff/tickets/${ticketId}` },
    }),
  },
  'ticket-reply': {
    isEssential: false,
    compose: ({ ticketId, subject, authorLabel, excerpt, isForStaff }) => ({
      subject: `[Ticket #${ticketId}] New reply: ${subject}`,
      heading: `New reply on ticket #${ticketId}`,
      paragraphs: [`${authorLabel} wrote on “${subject}”:`],
      quote: excerpt,
      action: {
        label: 'Reply in the panel',
        path: isForStaff ? `/staff/tickets/${ticketId}` : `/tickets/${ticketId}`,
      },
    }),
  },
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One header line: no line breaks (header injection), at most 200 characters. */
function headerSafe(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

const FOOTER_ESSENTIAL = 'You receive this email because you have an account on Hostdeck.';
const FOOTER_OPTIONAL =
  'You can turn off alert and ticket emails in the panel under Notifications → Settings.';

function layoutText(content: MailContent, url: string | null, footer: string): string {
  const lines: string[] = [content.heading, ''];
  for (const paragraph of content.paragraphs) lines.push(paragraph, '');
  if (content.details?.length) {
    for (const [label, value] of content.details) lines.push(`  ${label}: ${value}`);
    lines.push('');
  }
  if (content.quote !== undefined) {
    for (const line of content.quote.split(/\r?\n/)) lines.push(`> ${line}`);
    lines.push('');
  }
  if (content.action && url) lines.push(`${content.action.label}: ${url}`, '');
  lines.push('-- ', `Hostdeck · ${footer}`);
  return `${lines.join('\n')}\n`;
}

function layoutHtml(content: MailContent, url: string | null, footer: string): string {
  const e = escapeHtml;
  const parts: string[] = [
    `<h1 style="font-size:20px;margin:0 0 16px">${e(content.heading)}</h1>`,
    ...content.paragraphs.map((paragraph) => `<p style="margin:0 0 12px">${e(paragraph)}</p>`),
  ];
  if (content.details?.length) {
    const rows = content.details
      .map(
        ([label, value]) =>
          `<tr><td style="padding:4px 12px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0"><strong>${e(value)}</strong></td></tr>`,
      )
      .join('');
    parts.push(`<table style="border-collapse:collapse;margin:0 0 12px">${rows}</table>`);
  }
  if (content.quote !== undefined) {
    parts.push(
      `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #ccc;color:#333">${e(
        content.quote,
      ).replace(/\r?\n/g, '<br>')}</blockquote>`,
    );
  }
  if (content.action && url) {
    parts.push(
      `<p style="margin:16px 0"><a href="${e(url)}" style="background:#1a73e8;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${e(content.action.label)}</a></p>`,
    );
  }
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${e(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">',
    '<div style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:6px">',
    ...parts,
    `<hr style="border:none;border-top:1px solid #eee;margin:24px 0 12px"><p style="margin:0;font-size:12px;color:#777">Hostdeck · ${e(footer)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

/** Renders a template into its subject and both parts; every value is escaped for HTML. */
export function renderMail<T extends MailTemplateName>(
  name: T,
  data: MailTemplateData[T],
  options: { panelUrl: string },
): RenderedMail {
  const definition = MAIL_TEMPLATE_SET[name] as TemplateDefinition<MailTemplateData[T]>;
  const content = definition.compose(data);
  content.subject = headerSafe(content.subject);
  const url = content.action ? `${options.panelUrl}${content.action.path}` : null;
  const footer = definition.isEssential ? FOOTER_ESSENTIAL : FOOTER_OPTIONAL;
  return {
    subject: content.subject,
    text: layoutText(content, url, footer),
    html: layoutHtml(content, url, footer),
    isEssential: definition.isEssential,
  };
}
