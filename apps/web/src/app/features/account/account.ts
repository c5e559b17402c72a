import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { finalize } from 'rxjs';

import { SessionStore } from '../../core/auth/session-store';
import { Toast } from '../../core/errors/toast';
import { type FormError, toFormError } from '../auth/auth-errors';

/** The repeat must match the new password (a form-level check, shown under the repeat field). */
function repeatMatches(group: AbstractControl): ValidationErrors | null {
  const { newPassword, repeat } = group.value as { newPassword?: string; repeat?: string };
  return repeat && newPassword !== repeat ? { mismatch: true } : null;
}

/** The signed-in user's account: who they are, and a new password. */
@Component({
  selector: 'app-account',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressSpinnerModule,
    ReactiveFormsModule,
  ],
  templateUrl: './account.html',
  styleUrl: './account.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Account {
  private readonly session = inject(SessionStore);
  private readonly toast = inject(Toast);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly user = this.session.user;
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      newPassword: [
        '',
        [
          Validators.required,
          Validators.minLength(PASSWORD_MIN_LENGTH),
          Validators.maxLength(PASSWORD_MAX_LENGTH),
        ],
      ],
      repeat: ['', [Validators.required]],
    },
    { validators: repeatMatches },
  );
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal<FormError | null>(null);

  protected changePassword(): void {
    if (this.isSubmitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.isSubmitting.set(true);
    this.error.set(null);
    this.session
      .changePassword({ currentPassword, newPassword })
      .pipe(
        finalize(() => this.isSubmitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.form.reset();
          this.toast.showInfo('Password changed. Every other session was signed out.');
        },
        error: (error: unknown) => this.error.set(toFormError(error)),
      });
  }
}
