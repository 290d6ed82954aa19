/**
 * The small icons beside offline and sync states. Always decorative (`aria-hidden`): the text
 * next to them is what is read, so a state is never told by a symbol or a colour alone.
 */

/** Which icon. */
export type StateIconName =
  | 'ready'
  | 'downloading'
  | 'waiting'
  | 'offline'
  | 'budget'
  | 'archived'
  | 'unconfirmed'
  | 'refused'
  | 'syncing';

/** One 24×24 outline per icon, drawn with `currentColor`. */
const PATHS: Readonly<Record<StateIconName, string>> = {
  ready: 'M4 12.5l5 5L20 6.5',
  downloading: 'M12 4v12M7 11l5 5 5-5M5 20h14',
  waiting: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 3',
  offline: 'M3 3l18 18M8.5 8.7A5 5 0 0 0 6 18h11M11 6.2A6 6 0 0 1 18 12a4 4 0 0 1 3 3.6',
  budget: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM5.6 5.6l12.8 12.8',
  archived: 'M3 5h18v4H3zM5 9v10h14V9M10 13h4',
  unconfirmed: 'M12 20V8M7 13l5-5 5 5M5 4h14',
  refused: 'M12 3L2 20h20L12 3zM12 10v4M12 17v.5',
  syncing: 'M20 12a8 8 0 0 1-14.3 5M4 12a8 8 0 0 1 14.3-5M18 3v4h-4M6 21v-4h4',
};

/** The icon `name`, 1em square. */
export function StateIcon({ name }: { readonly name: StateIconName }) {
  return (
    <svg
      className="state-icon"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
