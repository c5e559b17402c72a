import type { StaffCheckView } from '@hostdeck/contracts';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideNoopAnimations } from '@angular/platform-browser/animations';

import { ApproveCheckDialog, amountText, customerLabel } from './approve-check-dialog';

function aCheck(overrides: Partial<StaffCheckView> = {}): StaffCheckView {
  return {
    id: 12,
    userId: 7,
    userEmail: 'payer@example.com',
    amountMinor: 2500,
    status: 'pending',
    fileName: 'receipt.png',
    fileMime: 'image/png',
    fileSize: 1000,
    rejectReason: null,
    reviewedAt: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('approve check helpers', () => {
  it('writes minor units as the amount field text', () => {
    expect(amountText(2500)).toBe('25.00');
    expect(amountText(5)).toBe('0.05');
  });

  it('names the customer by email, or by id when there is none', () => {
    expect(customerLabel(aCheck())).toBe('payer@example.com');
    expect(customerLabel(aCheck({ userEmail: null }))).toBe('User #7');
  });
});

describe('ApproveCheckDialog', () => {
  let fixture: ComponentFixture<ApproveCheckDialog>;
  let close: jest.Mock;

  beforeEach(async () => {
    close = jest.fn();
    TestBed.configureTestingModule({
      imports: [ApproveCheckDialog],
      providers: [
        provideNoopAnimations(),
        { provide: MAT_DIALOG_DATA, useValue: { check: aCheck() } },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    fixture = TestBed.createComponent(ApproveCheckDialog);
    await fixture.whenStable();
  });

  const element = (testId: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  async function type(text: string): Promise<void> {
    const input = element('approve-amount') as HTMLInputElement;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it("offers the customer's amount and approves it unchanged (no correction sent)", () => {
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('payer@example.com');
    expect((element('approve-amount') as HTMLInputElement).value).toBe('25.00');
    expect(element('approve-ok')?.textContent).toContain('Approve $25.00');
    element('approve-ok')?.click();
    expect(close).toHaveBeenCalledWith({});
  });

  it('approves a corrected amount, named on the button', async () => {
    await type('20.5');
    expect(element('approve-ok')?.textContent).toContain('Approve $20.50');
    element('approve-ok')?.click();
    expect(close).toHaveBeenCalledWith({ amountMinor: 2050 });
  });

  it('refuses an amount that is not one, before anything is sent', async () => {
    await type('');
    expect(element('approve-amount-error')?.textContent).toContain('Enter the amount to credit.');
    expect((element('approve-ok') as HTMLButtonElement).disabled).toBe(true);
    await type('12.345');
    expect(element('approve-amount-error')?.textContent).toContain('at most two decimals');
    await type('0');
    expect(element('approve-amount-error')?.textContent).toContain('more than zero');
    element('approve-ok')?.click();
    expect(close).not.toHaveBeenCalled();
  });
});
