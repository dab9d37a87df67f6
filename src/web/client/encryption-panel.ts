import { deriveE2eKey, E2eKey } from './e2e-crypto';
import { forgetKey, loadKey, saveKey } from './key-store';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/**
 * The Encryption panel and the end-to-end state behind it: the deployment's salt, whether the
 * server requires encryption, and the key once the passphrase is known (derived here, kept in
 * IndexedDB, forgotten on request). `onKeyChange` opens the shown messages again.
 */
export class EncryptionPanel {
  key?: E2eKey;
  required = false;
  private salt?: string;
  /** A passphrase given before the server said its salt (on joining). */
  private pendingPassphrase?: string;
  private readonly panel = $('e2e-panel');

  constructor(private readonly onKeyChange: () => Promise<void>) {
    $('e2e-open').addEventListener('click', () => this.open());
    $('e2e-close').addEventListener('click', () => (this.panel.hidden = true));
    $<HTMLFormElement>('e2e-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = $<HTMLInputElement>('e2e-passphrase');
      const passphrase = input.value;
      input.value = '';
      if (passphrase !== '') {
        void this.use(passphrase).then(this.onKeyChange);
      }
    });
    $('e2e-forget').addEventListener('click', () => {
      void forgetKey().then(() => {
        this.key = undefined;
        this.show();
        return this.onKeyChange();
      });
    });
  }

  /** The passphrase typed on joining, derived once `connection_info` gives the salt. */
  remember(passphrase: string | undefined): void {
    this.pendingPassphrase = passphrase;
  }

  /** What `connection_info` says: the key kept for this salt, or the one from joining. */
  async setUp({ required, salt }: { required: boolean; salt: string }): Promise<void> {
    this.required = required;
    if (this.salt !== salt) {
      this.key = undefined;
    }
    this.salt = salt;
    this.key ??= await loadKey(salt).catch(() => undefined);
    if (this.pendingPassphrase !== undefined) {
      const passphrase = this.pendingPassphrase;
      this.pendingPassphrase = undefined;
      await this.use(passphrase);
    }
    this.show();
    if (required && this.key === undefined) {
      this.open('This chat is end-to-end encrypted: enter the passphrase you agreed on.');
    }
  }

  open(reason?: string): void {
    $('e2e-reason').textContent = reason ?? '';
    $('e2e-reason').hidden = reason === undefined;
    this.panel.hidden = false;
    $<HTMLInputElement>('e2e-passphrase').focus();
  }

  /** Derives the key (a moment on a phone: the page says so meanwhile) and keeps it for reloads. */
  private async use(passphrase: string): Promise<void> {
    if (this.salt === undefined) {
      this.pendingPassphrase = passphrase;
      return;
    }
    const progress = $('e2e-progress');
    progress.hidden = false;
    try {
      this.key = await deriveE2eKey(passphrase, this.salt);
      await saveKey(this.salt, this.key);
    } finally {
      progress.hidden = true;
    }
    this.show();
  }

  private show(): void {
    const on = this.key !== undefined;
    $('e2e-state').textContent = on
      ? 'On: what you send is encrypted on this device, and the server cannot read it.'
      : this.required
        ? 'Required here: enter the passphrase you agreed on to read and send messages.'
        : 'Off: the server can read what you write. Agree on a passphrase with the other person to turn it on.';
    $('e2e-safety').hidden = !on;
    $('e2e-code').textContent = this.key?.safetyCode ?? '';
    $('e2e-open').textContent = on ? '🔒 Encrypted' : 'Encryption';
  }
}
