/** Build-time constants, replaced by Vite (`define` in `vite.renderer.config.ts`). */

/** The application version from package.json. */
declare const __ENTENTE_VERSION__: string;

/** Stylesheets are bundled by Vite into a CSS file: importing one yields nothing. */
declare module '*.css';
