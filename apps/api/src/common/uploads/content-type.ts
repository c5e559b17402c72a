import type { TicketAttachmentType } from '@hostdeck/contracts';

/** Magic numbers of the binary types we accept, checked at the start of the file. */
const SIGNATURES: { type: TicketAttachmentType; matches: (data: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    matches: (data) =>
      data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/jpeg',
    matches: (data) => data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  },
  {
    type: 'image/gif',
    matches: (data) => ['GIF87a', 'GIF89a'].includes(data.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'image/webp',
    matches: (data) =>
      data.subarray(0, 4).toString('latin1') === 'RIFF' &&
      data.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  {
    type: 'application/pdf',
    matches: (data) => data.subarray(0, 5).toString('latin1') === '%PDF-',
  },
];

/** File name extensions and the type each one promises. */
const EXTENSIONS: Record<TicketAttachmentType, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  // Plain text only under names that no browser or OS runs or renders (no .html, .svg, .js…).
  'text/plain': [
    'txt',
    'text',
    'log',
    'md',
    'csv',
    'tsv',
    'conf',
    'cfg',
    'ini',
    'json',
    'yaml',
    'yml',
    'toml',
    'sql',
    'diff',
    'patch',
    'sh',
    'py',
    'env',
  ],
};

const TYPE_OF_EXTENSION = new Map(
  Object.entries(EXTENSIONS).flatMap(([type, extensions]) =>
    extensions.map((extension) => [extension, type as TicketAttachmentType] as const),
  ),
);

/** UTF-8 that decodes strictly and holds no control characters but tab, newlines, FF and ESC. */
export function isPlainUtf8Text(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/.test(text);
}

/** The type of a file judged by its bytes alone; null when it is none we accept. */
export function sniffContentType(data: Buffer): TicketAttachmentType | null {
  if (data.length === 0) return null;
  const binary = SIGNATURES.find((signature) => signature.matches(data));
  if (binary) return binary.type;
  return isPlainUtf8Text(data) ? 'text/plain' : null;
}

export type AttachmentVerdict =
  { isAccepted: true; mimeType: TicketAttachmentType } | { isAccepted: false; reason: string };

/**
 * Accepts a file when its content is one of our types and its name does not claim another one
 * (a renamed executable is not a .pdf, a text file is not a .png). Text must also carry a
 * harmless extension or none, so nothing is stored that a browser would render as a page.
 */
export function judgeAttachment(fileName: string, data: Buffer): AttachmentVerdict {
  const mimeType = sniffContentType(data);
  if (!mimeType) {
    return {
      isAccepted: false,
      reason: 'Attachments must be PNG, JPEG, GIF, WebP, PDF or plain UTF-8 text',
    };
  }
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (!extension) return { isAccepted: true, mimeType };
  const promised = TYPE_OF_EXTENSION.get(extension);
  if (promised === mimeType) return { isAccepted: true, mimeType };
  if (promised) {
    return {
      isAccepted: false,
      reason: `The file's content is not what its .${extension} extension says`,
    };
  }
  if (mimeType === 'text/plain') {
    return { isAccepted: false, reason: `.${extension} files are not accepted; rename it to .txt` };
  }
  return { isAccepted: true, mimeType };
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function cleanFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim();
  const name = cleaned.replace(/^\.+/, '') || 'attachment';
  return name.length > 200 ? name.slice(name.length - 200) : name;
}
