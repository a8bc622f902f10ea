// Values scripts/browser/global-setup.ts hands to the browser tests through vitest's provide/inject:
//   const executablePath = inject('chromiumPath'); // "/usr/bin/chromium"
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Debian's chromium, installed by scripts/browser.sh. */
    chromiumPath: string;
  }
}
