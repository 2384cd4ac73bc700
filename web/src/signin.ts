// SPDX-License-Identifier: Apache-2.0
// The sign-in dialog: an API key or a bearer token, stored for this tab only. Shown on
// demand (header button) and whenever the server answers 401.
import { loadCredential, saveCredential, type CredentialKind } from './auth';
import { t } from './i18n';

export class SignIn {
  private dialog: HTMLDialogElement;
  private message: HTMLElement;
  private headerButton: HTMLButtonElement;

  /** `onChange` runs after a sign-in or sign-out (the dashboard reloads its data). */
  constructor(private onChange: () => void) {
    this.dialog = document.getElementById('signin') as HTMLDialogElement;
    this.message = document.getElementById('signin-message') as HTMLElement;
    this.headerButton = document.getElementById('signin-button') as HTMLButtonElement;
    const form = this.dialog.querySelector('form') as HTMLFormElement;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const secret = String(data.get('secret') ?? '').trim();
      if (!secret) return;
      saveCredential({ kind: String(data.get('kind')) as CredentialKind, secret });
      (form.elements.namedItem('secret') as HTMLInputElement).value = '';
      this.dialog.close();
      this.relabel();
      this.onChange();
    });
    document.getElementById('signin-cancel')?.addEventListener('click', () => this.dialog.close());
    this.headerButton.addEventListener('click', () => {
      if (loadCredential()) {
        saveCredential(null);
        this.relabel();
        this.onChange();
      } else {
        this.open(false);
      }
    });
    this.relabel();
  }

  /** Opens the form; `required` says the server refused the request (401). */
  open(required: boolean): void {
    this.message.textContent = required ? t('signin.required') : '';
    if (!this.dialog.open) this.dialog.showModal();
    (this.dialog.querySelector('#signin-secret') as HTMLInputElement).focus();
  }

  relabel(): void {
    this.headerButton.textContent = loadCredential() ? t('signin.out') : t('signin.open');
  }
}
