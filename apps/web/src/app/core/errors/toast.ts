import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

/** Short-lived messages at the bottom of the screen (Material snackbar). */
@Injectable({ providedIn: 'root' })
export class Toast {
  private readonly snackBar = inject(MatSnackBar);

  showError(message: string): void {
    this.snackBar.open(message, 'Dismiss', {
      duration: 8000,
      panelClass: 'app-toast-error',
      politeness: 'assertive',
    });
  }

  showInfo(message: string): void {
    this.snackBar.open(message, undefined, { duration: 4000 });
  }
}
