import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** One input of a catalog form. */
export interface CatalogField {
  readonly key: string;
  readonly label: string;
  readonly hint?: string;
  readonly kind: 'text' | 'integer' | 'money';
  /** Why the typed value is wrong, or null. */
  readonly check: (value: string) => string | null;
}

export interface CatalogDialogData {
  readonly title: string;
  readonly saveLabel: string;
  readonly fields: readonly CatalogField[];
  readonly values: Readonly<Record<string, string>>;
  readonly isActive: boolean;
  /** Sends the form; resolves with the API's messages when it was refused. */
  readonly save: (values: Record<string, string>, isActive: boolean) => Promise<string[] | null>;
}

/** Integer text ("12") within bounds, or the problem. */
export function integerProblem(
  value: string,
  min: number,
  max: number,
  what: string,
): string | null {
  if (!/^\d+$/.test(value.trim())) return `${what} must be a whole number.`;
  const number = Number(value);
  if (number < min || number > max) return `${what} must be between ${min} and ${max}.`;
  return null;
}

/** "12.50" → 1250, or null. */
export function moneyToMinor(value: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

export function minorToMoney(minor: number): string {
  return (minor / 100).toFixed(2);
}

/** A small form for a tariff or an OS template: validated here, the API's messages shown too. */
@Component({
  selector: 'app-catalog-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <form class="form" novalidate (submit)="$event.preventDefault(); save()">
        @for (field of data.fields; track field.key) {
          <mat-form-field appearance="outline" class="field">
            <mat-label>{{ field.label }}</mat-label>
            @if (field.kind === 'money') {
              <span matTextPrefix>$&nbsp;</span>
            }
            <input
              matInput
              autocomplete="off"
              [attr.inputmode]="
                field.kind === 'text' ? null : field.kind === 'money' ? 'decimal' : 'numeric'
              "
              [attr.data-testid]="'catalog-' + field.key"
              [value]="valueOf(field.key)"
              (input)="setValue(field.key, $any($event.target).value)"
            />
            @if (field.hint) {
              <mat-hint>{{ field.hint }}</mat-hint>
            }
          </mat-form-field>
          @if (isSubmitted() && problems()[field.key]; as problem) {
            <p class="error" role="alert" [attr.data-testid]="'catalog-' + field.key + '-error'">
              {{ problem }}
            </p>
          }
        }
        <mat-checkbox
          data-testid="catalog-active"
          [checked]="isActive()"
          (change)="isActive.set($event.checked)"
          >On sale (customers can pick it)</mat-checkbox
        >
        @for (message of serverMessages(); track message) {
          <p class="error" role="alert" data-testid="catalog-server-error">{{ message }}</p>
        }
        <button type="submit" hidden></button>
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" [disabled]="isSaving()">
        Cancel
      </button>
      <button
        mat-flat-button
        type="button"
        data-testid="catalog-save"
        [disabled]="isSaving()"
        (click)="save()"
      >
        {{ isSaving() ? 'Saving…' : data.saveLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .form {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding-top: 4px;
    }
    .field {
      width: 100%;
    }
    .error {
      margin: 0 0 8px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CatalogDialog {
  protected readonly data = inject<CatalogDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<CatalogDialog, boolean>>(MatDialogRef);

  protected readonly values = signal<Record<string, string>>({ ...this.data.values });
  protected readonly isActive = signal(this.data.isActive);
  protected readonly isSubmitted = signal(false);
  protected readonly isSaving = signal(false);
  protected readonly serverMessages = signal<string[]>([]);
  protected readonly problems = computed(() => {
    const values = this.values();
    const problems: Record<string, string | null> = {};
    for (const field of this.data.fields)
      problems[field.key] = field.check(values[field.key] ?? '');
    return problems;
  });

  protected valueOf(key: string): string {
    return this.values()[key] ?? '';
  }

  protected setValue(key: string, value: string): void {
    this.values.update((values) => ({ ...values, [key]: value }));
  }

  protected async save(): Promise<void> {
    this.isSubmitted.set(true);
    if (Object.values(this.problems()).some((problem) => problem !== null)) return;
    this.isSaving.set(true);
    this.serverMessages.set([]);
    const messages = await this.data.save(this.values(), this.isActive());
    this.isSaving.set(false);
    if (messages === null) this.dialogRef.close(true);
    else this.serverMessages.set(messages);
  }
}
