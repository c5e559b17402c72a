import { type CheckView, RECEIPT_MAX_BYTES } from '@hostdeck/contracts';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { Subscription } from 'rxjs';

import { apiErrorMessages, errorMessage } from '../../../core/errors/api-error';
import { Toast } from '../../../core/errors/toast';
import { formatBytes } from '../../../shared/format/units';
import { BillingApi } from '../data/billing-api';
import {
  RECEIPT_ACCEPT,
  isImageReceipt,
  parseAmount,
  receiptFileProblem,
} from '../data/receipt-rules';

/** Splits the API's 400 messages into the amount's, the file's and the rest. */
export function fieldMessages(messages: readonly string[]): {
  amount: string[];
  file: string[];
  other: string[];
} {
  const result = { amount: [] as string[], file: [] as string[], other: [] as string[] };
  for (const message of messages) {
    if (/amount/i.test(message)) result.amount.push(message);
    else if (/receipt|file|upload|type|large|size/i.test(message)) result.file.push(message);
    else result.other.push(message);
  }
  return result;
}

/**
 * Top up by receipt: the amount paid and the receipt (drag and drop or the file picker), an
 * image preview or the PDF's name and size, sent as multipart to POST /api/billing/checks.
 */
@Component({
  selector: 'app-check-upload',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './check-upload.html',
  styleUrl: './check-upload.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CheckUpload {
  readonly uploaded = output<CheckView>();

  private readonly api = inject(BillingApi);
  private readonly toast = inject(Toast);

  protected readonly accept = RECEIPT_ACCEPT;
  protected readonly maxSize = formatBytes(RECEIPT_MAX_BYTES);
  protected readonly formatBytes = formatBytes;

  protected readonly amountText = signal('');
  protected readonly file = signal<File | null>(null);
  protected readonly previewUrl = signal<string | null>(null);
  protected readonly isDragging = signal(false);
  protected readonly isSubmitted = signal(false);
  protected readonly isSending = signal(false);
  protected readonly serverAmountErrors = signal<string[]>([]);
  protected readonly serverFileErrors = signal<string[]>([]);
  protected readonly serverErrors = signal<string[]>([]);
  private request: Subscription | null = null;

  private readonly amount = computed(() => parseAmount(this.amountText()));
  protected readonly amountProblem = computed(() => {
    const parsed = this.amount();
    return 'problem' in parsed ? parsed.problem : null;
  });
  protected readonly fileProblem = computed(() => receiptFileProblem(this.file()));
  /** Client-side problems show once the user tried to send, or as soon as a file is picked. */
  protected readonly shownAmountError = computed(() =>
    this.isSubmitted() ? this.amountProblem() : null,
  );
  protected readonly shownFileError = computed(() =>
    this.isSubmitted() || this.file() !== null ? this.fileProblem() : null,
  );
  protected readonly isImage = computed(() => {
    const file = this.file();
    return file !== null && isImageReceipt(file);
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.request?.unsubscribe();
      this.revokePreview();
    });
  }

  protected setAmount(text: string): void {
    this.amountText.set(text);
    this.serverAmountErrors.set([]);
  }

  protected pickFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.useFile(input.files?.item(0) ?? null);
    // The same file can be picked again after it was removed.
    input.value = '';
  }

  protected dragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.isDragging.set(true);
  }

  protected dragLeave(): void {
    this.isDragging.set(false);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.isDragging.set(false);
    const file = event.dataTransfer?.files.item(0) ?? null;
    if (file) this.useFile(file);
  }

  protected removeFile(): void {
    this.useFile(null);
  }

  protected submit(): void {
    this.isSubmitted.set(true);
    const parsed = this.amount();
    const file = this.file();
    if ('problem' in parsed || file === null || this.fileProblem() !== null) return;
    this.isSending.set(true);
    this.serverErrors.set([]);
    this.request?.unsubscribe();
    this.request = this.api.submitCheck(parsed.amountMinor, file).subscribe({
      next: (check) => {
        this.isSending.set(false);
        this.reset();
        this.toast.showInfo('Receipt uploaded. Staff will review it shortly.');
        this.uploaded.emit(check);
      },
      error: (error: unknown) => {
        this.isSending.set(false);
        const messages = apiErrorMessages(error);
        if (messages.length === 0) {
          this.serverErrors.set([errorMessage(error, 'The receipt could not be uploaded.')]);
          return;
        }
        const split = fieldMessages(messages);
        this.serverAmountErrors.set(split.amount);
        this.serverFileErrors.set(split.file);
        this.serverErrors.set(split.other);
      },
    });
  }

  private useFile(file: File | null): void {
    this.revokePreview();
    this.file.set(file);
    this.serverFileErrors.set([]);
    if (file !== null && isImageReceipt(file) && receiptFileProblem(file) === null) {
      this.previewUrl.set(URL.createObjectURL(file));
    }
  }

  private reset(): void {
    this.amountText.set('');
    this.useFile(null);
    this.isSubmitted.set(false);
    this.serverAmountErrors.set([]);
    this.serverErrors.set([]);
  }

  private revokePreview(): void {
    const url = this.previewUrl();
    if (url !== null) URL.revokeObjectURL(url);
    this.previewUrl.set(null);
  }
}
