// A vitest browser provider for the browsers Playwright cannot drive here (Debian's Firefox
// ESR and WebKitGTK's MiniBrowser): vitest's `preview` provider serves the test page as for
// any browser, and this one opens it in the browser through scripts/browsers.mjs and closes
// it when vitest is done. The page talks to vitest over its own websocket, so nothing else
// has to be automated.
import { preview } from '@vitest/browser-preview';
import { openBrowser, type OpenedBrowser } from '../../../scripts/browsers.mjs';

type Provider = ReturnType<ReturnType<typeof preview>['providerFactory']> & { open: boolean };

export function debianBrowser(name: 'firefox' | 'webkit'): ReturnType<typeof preview> {
  const base = preview();
  return {
    ...base,
    providerFactory(project) {
      const provider = base.providerFactory(project) as Provider;
      let browser: OpenedBrowser | undefined;
      let closing = false;
      provider.openPage = async (_sessionId: string, url: string) => {
        provider.open = true;
        browser = await openBrowser(name, url);
        void browser.exited.then((info) => {
          if (!closing) {
            console.error(`${name} exited before the tests ended (code ${info.code}, signal ${info.signal}): ${info.stderr.slice(-1000)}`);
            process.exitCode = 1;
          }
        });
      };
      provider.close = async () => {
        closing = true;
        await browser?.close();
      };
      return provider;
    },
  };
}
