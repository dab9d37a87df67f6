/**
 * What tells a person a message came while they look elsewhere, in an app whose messages
 * disappear: the unread count in the title, a dot on the icon, and (only if they asked, on a
 * click) a notification while the tab is hidden, without the text unless they turned that on.
 */
const PREFERENCES_KEY = 'private-chat-notifications';
const ICON = '/app/icon.svg';
const ICON_UNREAD = '/app/icon-unread.svg';

interface Preferences {
  on: boolean;
  showText: boolean;
}

export class Attention {
  private readonly baseTitle = document.title;
  private preferences: Preferences = { on: false, showText: false, ...readPreferences() };

  constructor(
    private readonly toggle: HTMLButtonElement,
    private readonly showTextOption: HTMLElement,
    private readonly showTextBox: HTMLInputElement,
    /** Told when notifications are switched on or off, to (un)subscribe to Web Push. */
    private readonly onSwitch: (on: boolean) => void,
  ) {
    toggle.addEventListener('click', () => void this.switch());
    showTextBox.addEventListener('change', () => this.save({ ...this.preferences, showText: showTextBox.checked }));
    this.render();
  }

  /** The title and icon say how many messages wait to be read. */
  showUnread(count: number): void {
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
    document.getElementById('favicon')?.setAttribute('href', count > 0 ? ICON_UNREAD : ICON);
  }

  /** A new message from the other person: a notification if the tab is hidden and they opted in. */
  announce(text: string | undefined): void {
    if (!this.enabled || document.visibilityState === 'visible') {
      return;
    }
    const body = this.preferences.showText && text !== undefined ? text : undefined;
    new Notification('New message', { body, tag: 'private-chat', silent: false });
  }

  get enabled(): boolean {
    return this.preferences.on && 'Notification' in window && Notification.permission === 'granted';
  }

  private async switch(): Promise<void> {
    if (this.enabled) {
      this.save({ ...this.preferences, on: false });
      return;
    }
    if (!('Notification' in window)) {
      this.toggle.textContent = 'No notifications here';
      return;
    }
    const permission = await Notification.requestPermission();
    this.save({ ...this.preferences, on: permission === 'granted' });
    if (permission === 'denied') {
      this.toggle.textContent = 'Notifications blocked';
    }
  }

  private save(preferences: Preferences): void {
    const was = this.enabled;
    this.preferences = preferences;
    if (this.enabled !== was) {
      this.onSwitch(this.enabled);
    }
    localStorage.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
    this.render();
  }

  private render(): void {
    this.toggle.textContent = this.enabled ? 'Notifications on' : 'Notify me';
    this.toggle.setAttribute('aria-pressed', String(this.enabled));
    this.showTextOption.hidden = !this.enabled;
    this.showTextBox.checked = this.preferences.showText;
  }
}

function readPreferences(): Partial<Preferences> {
  try {
    return JSON.parse(localStorage.getItem(PREFERENCES_KEY) ?? '{}') as Partial<Preferences>;
  } catch {
    return {};
  }
}
