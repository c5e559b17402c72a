import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@hostdeck/contracts';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { finalize, switchMap } from 'rxjs';

import { AuthApi } from '../../../core/auth/auth-api';
import { SessionStore } from '../../../core/auth/session-store';
import { EMAIL_MAX_LENGTH } from '../auth-constants';
import { type FormError, toFormError } from '../auth-errors';

@Component({
  selector: 'app-register',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './register.html',
  styleUrl: '../auth-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Register {
  private readonly authApi = inject(AuthApi);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(EMAIL_MAX_LENGTH)]],
    password: [
      '',
      [
        Validators.required,
        Validators.minLength(PASSWORD_MIN_LENGTH),
        Validators.maxLength(PASSWORD_MAX_LENGTH),
      ],
    ],
  });
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal<FormError | null>(null);
  protected readonly isPasswordVisible = signal(false);

  protected togglePasswordVisibility(): void {
    this.isPasswordVisible.update((visible) => !visible);
  }

  /** Creates the account, then logs in with the same credentials and opens the dashboard. */
  protected createAccount(): void {
    if (this.isSubmitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const credentials = {
      ...this.form.getRawValue(),
      email: this.form.controls.email.value.trim(),
    };
    let isRegistered = false;
    this.isSubmitting.set(true);
    this.error.set(null);
    this.authApi
      .register(credentials)
      .pipe(
        switchMap(() => {
          isRegistered = true;
          return this.session.login(credentials);
        }),
        finalize(() => this.isSubmitting.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => void this.router.navigateByUrl('/'),
        error: (error: unknown) => {
          if (isRegistered) {
            // The account exists; only the automatic login failed (e.g. rate limited).
            void this.router.navigate(['/login'], { queryParams: { registered: 1 } });
            return;
          }
          this.error.set(toFormError(error));
        },
      });
  }
}
