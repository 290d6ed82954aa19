/**
 * The bridge contract (`shared/ipc/contract.ts`) implemented with browser APIs, for the web build
 * and the Playwright tests (STYLE rule 5). Same contract as Electron's `window.entente`, so the
 * UI never knows which shell it runs in.
 *
 * Every browser object it touches comes in through {@link WebBridgeHost}: the composition root
 * passes `window`, and nothing here is a module-level singleton.
 */
import type {
  AppInfo,
  DiskStatus,
  EntenteBridge,
  OpenLinkTarget,
  ResumeEvent,
  Settings,
  SettingsPatch,
  SettingsUpdate,
  Unsubscribe,
} from '../../shared/ipc/contract.js';
import { parseEntenteLink } from '../../shared/ipc/links.js';
import { parseRelayUrl } from '../../shared/ipc/relay-url.js';
import { isValidId } from '../../shared/model/room-name.js';
import { assessStorage } from '../storage/storage-health.js';

/** localStorage key of the settings. */
export const SETTINGS_KEY = 'entente.settings';

/** Prefix of a location hash carrying an `entente://` link, e.g. `#open=entente%3A%2F%2F…`. */
export const LINK_HASH_PREFIX = '#open=';

/** The browser objects the web bridge uses; `window` provides them all. */
export interface WebBridgeHost {
  /** Where settings are kept. */
  readonly localStorage: Storage;
  /** Current URL; its hash may carry a link. */
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  /** History, to remove a consumed link from the address bar. */
  readonly history: Pick<History, 'replaceState'>;
  /** Browser facts: language, storage estimate. */
  readonly navigator: {
    readonly language: string;
    readonly storage?: Pick<StorageManager, 'estimate'>;
  };
  /** Opens external links. */
  open(url: string, target: string, features: string): unknown;
  /** For `hashchange` (links) and `beforeunload` (unsynced changes). */
  addEventListener(type: 'hashchange' | 'beforeunload', listener: (event: Event) => void): void;
  /** Counterpart of `addEventListener`. */
  removeEventListener(type: 'hashchange' | 'beforeunload', listener: (event: Event) => void): void;
  /** The document, for the Page Lifecycle `resume` event (a frozen tab thawed). */
  readonly document: Pick<Document, 'addEventListener' | 'removeEventListener'>;
}

const DEFAULT_SETTINGS: Settings = { relayUrl: null, lastWorkspace: null };

/** Reads stored settings, dropping any value that fails validation (the store is user-editable). */
export function readSettings(storage: Storage): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(SETTINGS_KEY) ?? 'null');
  } catch {
    return DEFAULT_SETTINGS;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const record = raw as Record<string, unknown>;
  return {
    relayUrl: validRelay(record.relayUrl) ? record.relayUrl : null,
    lastWorkspace: validWorkspace(record.lastWorkspace) ? record.lastWorkspace : null,
  };
}

function validRelay(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && parseRelayUrl(value).ok);
}

function validWorkspace(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && isValidId(value));
}

/** `https:` and `mailto:` only, as in main (`safeExternalUrl`): anything else could run code. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** Takes the link out of a location hash, or null when the hash carries none (or an invalid one). */
export function linkFromHash(hash: string): OpenLinkTarget | null {
  if (!hash.startsWith(LINK_HASH_PREFIX)) return null;
  let link: string;
  try {
    link = decodeURIComponent(hash.slice(LINK_HASH_PREFIX.length));
  } catch {
    return null;
  }
  const result = parseEntenteLink(link);
  return result.ok ? result.target : null;
}

/** Builds the web bridge over `host`. */
export function createWebBridge(host: WebBridgeHost, version: string) {
  let unsynced = 0;
  // Same duty as main's quit guard: ask before the page goes while changes are unsent.
  const guard = (event: Event): void => {
    if (unsynced > 0) event.preventDefault();
  };
  const consumeHashLink = (): OpenLinkTarget | null => {
    const target = linkFromHash(host.location.hash);
    if (target !== null) {
      // Consumed once, like main's inbox: a reload must not replay the link.
      host.history.replaceState(null, '', `${host.location.pathname}${host.location.search}`);
    }
    return target;
  };

  return {
    app: {
      getInfo: async (): Promise<AppInfo> => ({
        name: 'Entente',
        version,
        platform: 'web',
        locale: host.navigator.language,
      }),
      openExternal: async (url: string): Promise<boolean> => {
        if (!isSafeExternalUrl(url)) return false;
        // noopener: the opened page must not reach back into ours through window.opener.
        host.open(url, '_blank', 'noopener,noreferrer');
        return true;
      },
      // A browser has no wake-from-sleep event; the nearest is a frozen page being resumed
      // (the sync engine also listens to `online` and to the page becoming visible).
      onResume: (listener: (payload: ResumeEvent) => void): Unsubscribe => {
        const onThaw = (): void => listener({ reason: 'resume' });
        host.document.addEventListener('resume', onThaw);
        return () => host.document.removeEventListener('resume', onThaw);
      },
      setUnsyncedCount: async (count: number): Promise<void> => {
        if (!Number.isSafeInteger(count) || count < 0) throw new TypeError('invalid count');
        if (count > 0 && unsynced === 0) host.addEventListener('beforeunload', guard);
        if (count === 0 && unsynced > 0) host.removeEventListener('beforeunload', guard);
        unsynced = count;
      },
    },
    settings: {
      get: async (): Promise<Settings> => readSettings(host.localStorage),
      set: async (patch: SettingsPatch): Promise<SettingsUpdate> => {
        if (patch.relayUrl !== undefined && !validRelay(patch.relayUrl)) {
          throw new TypeError('invalid relay URL');
        }
        if (patch.lastWorkspace !== undefined && !validWorkspace(patch.lastWorkspace)) {
          throw new TypeError('invalid workspace id');
        }
        const before = readSettings(host.localStorage);
        const next: Settings = {
          relayUrl: patch.relayUrl === undefined ? before.relayUrl : patch.relayUrl,
          lastWorkspace:
            patch.lastWorkspace === undefined ? before.lastWorkspace : patch.lastWorkspace,
        };
        host.localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
        // A web page cannot widen its own CSP: whoever serves it decides, so no reload helps.
        const changed = next.relayUrl !== before.relayUrl;
        return {
          settings: next,
          relayChange: changed ? 'applied' : 'unchanged',
          reloadRequired: false,
        };
      },
    },
    storage: {
      getDiskStatus: async (): Promise<DiskStatus> => {
        const estimate = (await host.navigator.storage?.estimate()) ?? {};
        const assessed = assessStorage(estimate);
        // The browser reports this origin's quota, not the disk: the nearest web equivalent.
        return {
          freeBytes: assessed.available ?? 0,
          totalBytes: assessed.quota ?? 0,
          lowSpace: assessed.lowSpace,
        };
      },
    },
    links: {
      takePendingLink: async (): Promise<OpenLinkTarget | null> => consumeHashLink(),
      onOpenLink: (listener: (payload: OpenLinkTarget) => void): Unsubscribe => {
        const onHash = (): void => {
          const target = consumeHashLink();
          if (target !== null) listener(target);
        };
        host.addEventListener('hashchange', onHash);
        return () => host.removeEventListener('hashchange', onHash);
      },
    },
  } satisfies EntenteBridge;
}
